import { zipSync } from 'fflate';
import { JUDGE0_BOUNDS } from '@judgebox/domain';
import { unpackAdditionalFiles } from './additional-files';

const zip = (files: Record<string, string>): string =>
  Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([n, c]) => [n, Buffer.from(c)]))),
  ).toString('base64');

describe('unpackAdditionalFiles', () => {
  it('unpacks files, folders implied, contents base64', () => {
    const files = unpackAdditionalFiles(zip({ 'data.txt': 'hello', 'lib/util.py': 'x = 1' }), 'main.py');
    expect(files).toEqual([
      { name: 'data.txt', content: Buffer.from('hello').toString('base64') },
      { name: 'lib/util.py', content: Buffer.from('x = 1').toString('base64') },
    ]);
  });

  it.each([
    ['../evil', /must not contain empty, "." or ".." parts/],
    ['/etc/passwd', /must be relative/],
    ['a/b/c.txt', /at most one folder level/],
    ['-o.c', /must not start with/],
    ['main.py', /the name of the source file/],
  ])('refuses the entry %j (zip slip and friends)', (name, message) => {
    expect(unpackAdditionalFiles(zip({ [name]: 'x' }), 'main.py')).toEqual({
      error: expect.stringMatching(message),
    });
  });

  it('refuses a name used as a file and as a folder', () => {
    expect(unpackAdditionalFiles(zip({ lib: 'x', 'lib/util.py': 'y' }), 'main.py')).toEqual({
      error: 'must not hold a file and a folder of the same name: lib',
    });
  });

  it('caps the number of entries and the unpacked size', () => {
    const max = JUDGE0_BOUNDS.zipFiles;
    const many = Object.fromEntries(Array.from({ length: max + 1 }, (_, i) => [`f${i}`, String(i)]));
    expect(unpackAdditionalFiles(zip(many), 'main.py')).toEqual({ error: `must hold at most ${max} files` });
    const big = zip({ big: 'x'.repeat(600_000) }); // compresses to a few hundred bytes
    expect(unpackAdditionalFiles(big, 'main.py')).toEqual({
      error: expect.stringMatching(/unpack to at most/),
    });
  });

  it('refuses what is not a base64 zip, or too large a zip', () => {
    expect(unpackAdditionalFiles('not base64!', 'main.py')).toEqual({
      error: expect.stringMatching(/base64/),
    });
    expect(unpackAdditionalFiles(Buffer.from('plain text').toString('base64'), 'main.py')).toEqual({
      error: expect.stringMatching(/not a valid zip/),
    });
    const huge = Buffer.alloc(JUDGE0_BOUNDS.zipBytes + 3).toString('base64');
    expect(unpackAdditionalFiles(huge, 'main.py')).toEqual({ error: expect.stringMatching(/at most/) });
  });
});
