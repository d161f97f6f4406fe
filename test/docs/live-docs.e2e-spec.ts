import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIVE_CLOSE } from '@judgebox/domain';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'live.md'), 'utf8');
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('docs/live.md tells the truth', () => {
  it.each(Object.values(LIVE_CLOSE))('lists close code %i (%s)', (code, reason) =>
    expect(doc).toMatch(new RegExp(`^\\| ${code} \\| ${reason} *\\|`, 'm')),
  );
  it.each([
    'LIVE_WS_START_TIMEOUT_MS',
    'LIVE_WS_IDLE_TIMEOUT_MS',
    'LIVE_WS_MAX_MESSAGES',
    'LIVE_WS_MAX_CONNECTIONS',
    'EVENTS_MAX_STREAMS',
  ])('names the bound %s', (key) => expect(doc).toContain(`\`${key}\``));
  it('is linked from README, which shows the playground', () => {
    expect(readme).toContain('(docs/live.md)');
    expect(readme).toContain('(docs/img/playground.png)');
  });
});
