import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@judgebox/config';
import {
  apiKeyTable,
  boundsTable,
  judge0BoundsTable,
  judge0LimitsTable,
  limitsTable,
  verdictTable,
} from './readme-tables';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README tells the truth', () => {
  it('has the limits table from the limits source', () => expect(readme).toContain(limitsTable()));
  it('has the bounds table from the limits source', () => expect(readme).toContain(boundsTable()));
  it('has the API key quota table from the tenancy source', () => expect(readme).toContain(apiKeyTable()));
  it('has the verdict table from the verdict source', () => expect(readme).toContain(verdictTable()));
  it('has the Judge0 limit fields from their source', () => expect(readme).toContain(judge0LimitsTable()));
  it('has the Judge0 adapter bounds from their source', () => expect(readme).toContain(judge0BoundsTable()));
  it.each(Object.keys(new AppConfig()))('documents the setting %s', (key) =>
    expect(readme).toContain(`\`${key}\``),
  );
  it('.ci/run calls the README test command', () => {
    expect(readme).toContain('npm test');
    expect(readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8')).toContain('npm test');
  });
});
