import { duplicateNames, fileNameProblem, folderClashes } from './file-names';

describe('fileNameProblem', () => {
  it.each(['main.c', 'lib/util.h', 'Main.java', 'a-b_c.1.txt'])('accepts %s', (n) =>
    expect(fileNameProblem(n)).toBeNull(),
  );
  it.each([
    '',
    '/etc/passwd',
    '../x',
    'a/../b',
    './a',
    'a//b',
    'a\u0000b',
    'a\\b',
    'a/b/c',
    'x'.repeat(129),
    'a\nb',
  ])('rejects %j', (n) => expect(fileNameProblem(n)).toEqual(expect.any(String)));
  it('finds duplicates', () => expect(duplicateNames(['a', 'b', 'a'])).toEqual(['a']));
  it('finds a name used as a file and as a folder', () => {
    expect(folderClashes(['lib', 'lib/x.h', 'main.c', 'src/a.c'])).toEqual(['lib']);
    expect(folderClashes(['lib/x.h', 'lib/y.h', 'libx'])).toEqual([]);
  });
});
