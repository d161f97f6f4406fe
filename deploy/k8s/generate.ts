import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifests, toYaml } from './src/render';
import { DEFAULT_OPTIONS, type ManifestOptions } from './src/settings';
import { proveRefusals, validateAll } from './src/validate';

/**
 * `npm run k8s`: writes deploy/k8s/*.yaml from the typed code in src/. With --check, writes
 * nothing: validates every object against its JSON schema (the committed files' and those of the
 * external-Redis variant) and fails when a committed file differs from what the code renders.
 */
const EXTERNAL_REDIS: ManifestOptions = {
  ...DEFAULT_OPTIONS,
  redis: { kind: 'external', url: 'redis://redis.example.com:6380', cidr: '203.0.113.10/32' },
};

async function main(check: boolean): Promise<void> {
  const files = manifests();
  const variant = Object.values(manifests(EXTERNAL_REDIS)).flat();
  for (const line of await validateAll([...Object.values(files).flat(), ...variant])) console.log(line);
  if (check) for (const line of await proveRefusals()) console.log(line);
  let stale = 0;
  for (const [name, objects] of Object.entries(files)) {
    const path = join(__dirname, name);
    const text = toYaml(objects);
    if (!check) writeFileSync(path, text);
    else if (readFileSync(path, 'utf8') !== text) {
      console.error(`deploy/k8s/${name} is not what deploy/k8s/src renders: run npm run k8s`);
      stale++;
    }
  }
  if (stale > 0) process.exit(1);
  console.log(check ? 'deploy/k8s is current' : 'deploy/k8s written');
}

main(process.argv.includes('--check')).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
