// npm-fetch.mjs DIR NAME@VERSION=INTEGRITY... (a copy of typescript/npm-fetch.mjs: each image folder is built on its own)
// Downloads pinned npm packages (no dependency resolution: every package is listed),
// checks each tarball's sha512 integrity and unpacks it into DIR/NAME.
// Used instead of npm so the image needs nothing but node, tar and gzip.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dir, ...specs] = process.argv.slice(2);
for (const spec of specs) {
  const m = /^((?:@[^/]+\/)?[^@]+)@([^=]+)=(sha512-.+)$/.exec(spec);
  if (!m) throw new Error(`bad spec ${spec}`);
  const [, name, version, integrity] = m;
  const url = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const got = `sha512-${createHash('sha512').update(body).digest('base64')}`;
  if (got !== integrity) throw new Error(`${name}@${version}: integrity ${got}, expected ${integrity}`);
  const tgz = join(tmpdir(), `npm-fetch-${process.pid}.tgz`);
  writeFileSync(tgz, body);
  const dest = join(dir, name);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1', '--no-same-owner', '--no-same-permissions']);
  rmSync(tgz);
  console.log(`installed ${name}@${version}`);
}
