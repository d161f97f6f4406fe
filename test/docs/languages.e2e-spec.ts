import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '@judgebox/domain';
import { languageTable, TABLE_END, TABLE_START } from './language-table';

const file = join(__dirname, '..', '..', 'docs', 'languages.md');

/** The block docs/languages.md should hold; `UPDATE_DOCS=1` rewrites it in place (after adding a language). */
function expectedDoc(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/languages.md lacks the ${TABLE_START} markers`);
  return `${doc.slice(0, start + TABLE_START.length)}\n${languageTable()}\n${doc.slice(end)}`;
}

describe('docs/languages.md tells the truth', () => {
  it('has the language table generated from the catalog, the Judge0 ids and the Piston names', () => {
    const doc = readFileSync(file, 'utf8');
    const expected = expectedDoc(doc);
    if (process.env.UPDATE_DOCS === '1' && doc !== expected) writeFileSync(file, expected);
    else expect(doc).toBe(expected);
  });

  it('gives every image of the catalog a row in the image table', () => {
    const doc = readFileSync(file, 'utf8');
    for (const image of new Set(LANGUAGES.map((l) => l.image))) expect(doc).toContain(`| \`${image}\` |`);
  });

  it('README links to it', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('docs/languages.md');
  });
});
