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
} from './reference-tables';

const root = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** A Markdown table's cells without the padding and delimiter widths Prettier may give them. */
const unpad = (md: string): string =>
  md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^:?-+:?$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
const holds = (doc: string, table: string): void => expect(unpad(doc)).toContain(unpad(table));

describe('docs/limits.md tells the truth', () => {
  const doc = read('docs/limits.md');
  it('has the limits table from the limits source', () => holds(doc, limitsTable()));
  it('has the bounds table from the limits source', () => holds(doc, boundsTable()));
  it('has the API key quota table from the tenancy source', () => holds(doc, apiKeyTable()));
});

describe('docs/api.md tells the truth', () => {
  it('has the verdict table from the verdict source', () => holds(read('docs/api.md'), verdictTable()));
});

describe('docs/judge0.md tells the truth', () => {
  const doc = read('docs/judge0.md');
  it('has the Judge0 limit fields from their source', () => holds(doc, judge0LimitsTable()));
  it('has the Judge0 adapter bounds from their source', () => holds(doc, judge0BoundsTable()));
});

describe('docs/configuration.md tells the truth', () => {
  const doc = read('docs/configuration.md');
  it.each(Object.keys(new AppConfig()))('documents the setting %s', (key) =>
    expect(doc).toContain(`\`${key}\``),
  );
  const lists = Object.entries(new AppConfig()).filter(([, value]) => Array.isArray(value));
  it.each(lists.map(([key]) => key))('says the list setting %s is comma-separated', (key) =>
    expect(doc.split('\n').find((row) => row.startsWith(`| \`${key}\``))).toMatch(/comma-separated/i),
  );
});

describe('README', () => {
  it('gives the test command .ci/run calls', () => {
    expect(read('README.md')).toContain('npm test');
    expect(read('.ci/run')).toContain('npm test');
  });
  it.each([
    'api',
    'judging',
    'languages',
    'limits',
    'configuration',
    'judge0',
    'piston',
    'operations',
    'performance',
  ])('links docs/%s.md', (name) => expect(read('README.md')).toContain(`(docs/${name}.md)`));
  it('links SECURITY.md', () => expect(read('README.md')).toContain('(SECURITY.md)'));
});
