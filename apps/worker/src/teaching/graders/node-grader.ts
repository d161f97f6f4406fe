/**
 * judgebox's node:test grader (`jb-node-grader.mjs`), a reporter: the loader imports it before any
 * test file, so it reads the run's seal from stdin before any student code runs; node:test later
 * imports the same module as its reporter. It lists the leaf tests (a parent only when it failed on
 * its own), and when the run ends writes the signed report (sealed-report.ts). What it uses is
 * taken at load time, so later changes to `fs` or `crypto` by the program do not reach it.
 */
export const NODE_GRADER = String.raw`import { mkdirSync, openSync, readSync, writeSync, closeSync, constants } from 'node:fs';
import { createHmac } from 'node:crypto';
import { dirname } from 'node:path';

const seal = (() => {
  const byte = Buffer.alloc(1);
  const line = [];
  while (line.length < 4096) {
    let n;
    try {
      n = readSync(0, byte, 0, 1, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      throw e;
    }
    if (n === 0 || byte[0] === 10) break;
    line.push(byte[0]);
  }
  const parts = Buffer.from(line).toString('latin1').split(' ');
  if (parts.length !== 2) {
    process.stderr.write('judgebox grader: no seal on stdin\n');
    process.exit(125);
  }
  return { key: parts[0], path: parts[1] };
})();
const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

function writeReport(document) {
  const body = Buffer.from(document);
  const mac = createHmac('sha256', seal.key).update(body).digest('hex');
  mkdirSync(dirname(seal.path), { mode: 0o700 });
  const fd = openSync(seal.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  const data = Buffer.concat([Buffer.from('judgebox-report ' + mac + '\n'), body]);
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
  closeSync(fd);
}

export default async function* reporter(source) {
  const tests = [];
  const path = [];
  let last = -1;
  for await (const ev of source) {
    if (ev.type === 'test:start') { path.length = ev.data.nesting; path.push(ev.data.name); continue; }
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    const error = d.details && d.details.error;
    const kind = error && error.failureType;
    const parent = last > d.nesting;
    last = d.nesting;
    if (parent && (ev.type === 'test:pass' || kind === 'subtestsFailed')) continue;
    const names = path.slice(0, d.nesting);
    names.push(d.name);
    let status = 'passed';
    if (d.skip !== undefined || d.todo !== undefined) status = 'skipped';
    else if (ev.type === 'test:fail')
      status = kind === 'testCodeFailure' || kind === 'testTimeoutFailure' ? 'failed' : 'error';
    const cause = error && (error.cause || error);
    const why = kind === 'cancelledByParent' ? 'cancelled: the run ended before this test did' : kind;
    const message = status === 'passed' ? null : String((cause && cause.message) || d.skip || d.todo || why || '').slice(0, 4096);
    tests.push({ name: names.join(' > '), status, message, timeMs: d.details ? d.details.duration_ms : null });
  }
  writeReport(JSON.stringify({ reporter: 'judgebox', tests }));
}
`;
