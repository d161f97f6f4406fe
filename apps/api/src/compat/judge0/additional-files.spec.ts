import { zipSync } from 'fflate';
import { MAX_ZIP_BYTES, unpackAdditionalFiles } from './additional-files';

const zip = (files: Record<string, string>): string =>
  Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([n, c]) => [n, Buffer.from(c)]))),
  ).toString('base64');

describe('unpackAdditionalFiles', () => {
  it('unpacks files, folders implied, contents base64', () => {
    const files = unpackAdditionalFiles(zip({ 'data.txt': 'hello', 'lib/util.py': 'x = 1' }), 'main.py', 31);
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
    expect(unpackAdditionalFiles(zip({ [name]: 'x' }), 'main.py', 31)).toEqual({
      error: expect.stringMatching(message),
    });
  });

  it('caps the number of entries and the unpacked size', () => {
    expect(unpackAdditionalFiles(zip({ a: '1', b: '2', c: '3' }), 'main.py', 2)).toEqual({
      error: 'must hold at most 2 files',
    });
    const big = zip({ big: 'x'.repeat(600_000) }); // compresses to a few hundred bytes
    expect(unpackAdditionalFiles(big, 'main.py', 31)).toEqual({
      error: expect.stringMatching(/unpack to at most/),
    });
  });

  it('refuses what is not a base64 zip, or too large a zip', () => {
    expect(unpackAdditionalFiles('not base64!', 'main.py', 31)).toEqual({
      error: expect.stringMatching(/base64/),
    });
    expect(unpackAdditionalFiles(Buffer.from('plain text').toString('base64'), 'main.py', 31)).toEqual({
      error: expect.stringMatching(/not a valid zip/),
    });
    const huge = Buffer.alloc(MAX_ZIP_BYTES + 3).toString('base64');
    expect(unpackAdditionalFiles(huge, 'main.py', 31)).toEqual({ error: expect.stringMatching(/at most/) });
  });
});
