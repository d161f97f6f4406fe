import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_BOUNDS } from '@judgebox/domain';

/** docs/deploy.md is formatted by Prettier, which aligns table columns: cells are matched, not lines. */
const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');

describe('docs/deploy.md tells the truth', () => {
  it.each(Object.entries(WEBHOOK_BOUNDS))('has the webhook bound %s = %p from its source', (name, value) =>
    expect(doc).toMatch(new RegExp(`^\\| \`${name}\` +\\| ${value} +\\|$`, 'm')),
  );
  it.each(['WEBHOOK_SECRET', 'WEBHOOK_ALLOW_HOSTS', 'WORKER_DRAIN_SECONDS'])('names the setting %s', (key) =>
    expect(doc).toContain(`\`${key}\``),
  );
});
