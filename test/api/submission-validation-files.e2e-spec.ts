import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { useRefusalSuite, VALID_SUBMISSION } from '../support/refusals';

/** Client errors of POST /v1/submissions in its files, stdin and args: a 400 naming the field, and nothing queued. */
describe('API: submission validation, files and stdin', () => {
  const { refused } = useRefusalSuite();
  const ok = VALID_SUBMISSION;

  describe('files', () => {
    const file = (name: string, content = 'x'): object => ({ name, content });
    it('refuses an empty list', () => refused({ language: 'python', files: [] }, 'files', /at least 1 file/));
    it('refuses a non-list', () =>
      refused({ language: 'python', files: 'main.py' }, 'files', /must be an array/));
    it('refuses too many files', () =>
      refused(
        {
          language: 'python',
          files: Array.from({ length: SUBMISSION_BOUNDS.files + 1 }, (_, i) => file(`f${i}.py`)),
        },
        'files',
        `at most ${SUBMISSION_BOUNDS.files} files`,
      ));
    it('refuses an item that is not an object', () =>
      refused({ language: 'python', files: [file('a.py'), 'b.py'] }, 'files[1]', /must be an object/));
    it.each([
      ['/etc/x', /relative/],
      ['../x', /"\.\."/],
      ['a/../b', /"\.\."/],
      ['a/./b', /"\."/],
      ['a\0b', /NUL/],
      ['a\\b', /backslash/],
      ['a\nb', /control/],
      ['a/b/c', /one folder level/],
      ['', /empty/],
      ['x'.repeat(SUBMISSION_BOUNDS.fileNameLength + 1), /at most 128 characters/],
      ['-o.py', /must not start with "-" or "@"/],
      ['lib/@args', /must not start with "-" or "@"/],
    ])('refuses the file name %j', (name, message) =>
      refused({ language: 'python', files: [file('ok.py'), file(name)] }, 'files[1].name', message),
    );
    it('refuses a missing name', () =>
      refused({ language: 'python', files: [{ content: 'x' }] }, 'files[0].name', /is required/));
    it('refuses a missing content', () =>
      refused({ language: 'python', files: [{ name: 'a.py' }] }, 'files[0].content', /is required/));
    it('refuses duplicate names', () =>
      refused(
        { language: 'python', files: [file('a.py'), file('b.py'), file('a.py')] },
        'files',
        /distinct names; repeated: "a.py"/,
      ));
    it('refuses a name used as a file and as a folder', () =>
      refused(
        { language: 'python', files: [file('main.py'), file('lib'), file('lib/util.py')] },
        'files',
        /must not name a file and a folder alike: "lib"/,
      ));
    it('refuses an unknown encoding', () =>
      refused(
        { language: 'python', files: [{ name: 'a.py', content: 'x', encoding: 'hex' }] },
        'files[0].encoding',
        /"utf8" or "base64"/,
      ));
    it('refuses bad base64', () =>
      refused(
        { language: 'python', files: [{ name: 'a.py', content: 'not base64!', encoding: 'base64' }] },
        'files[0].content',
        /valid base64/,
      ));
    it('refuses more content than the total bound', () => {
      const big = 'x'.repeat(Math.ceil(SUBMISSION_BOUNDS.filesTotalBytes / 2));
      return refused(
        { language: 'python', files: [file('a.py', big), file('b.py', big + 'x')] },
        'files',
        `at most ${SUBMISSION_BOUNDS.filesTotalBytes} bytes`,
      );
    });
    it('refuses an unknown field of a file', () =>
      refused(
        { language: 'python', files: [{ name: 'a.py', content: 'x', mode: 0o777 }] },
        'files[0].mode',
        /not an allowed field/,
      ));
    it('refuses an entry that is not among the files', () =>
      refused(
        { language: 'python', files: [file('a.py'), file('b.py')], entry: 'c.py' },
        'entry',
        /one of the files \("a.py", "b.py"\)/,
      ));
    it('refuses an entry other than the generated name with source', () =>
      refused({ ...ok, entry: 'x.py' }, 'entry', /"main.py"/));
  });

  describe('stdin and args', () => {
    it('refuses stdin over the bound', () =>
      refused(
        { ...ok, stdin: 'x'.repeat(SUBMISSION_BOUNDS.stdinBytes + 1) },
        'stdin',
        `at most ${SUBMISSION_BOUNDS.stdinBytes} bytes`,
      ));
    it('refuses bad base64 stdin', () =>
      refused({ ...ok, stdin: 'abc', stdinEncoding: 'base64' }, 'stdin', /valid base64/));
    it('refuses an unknown stdin encoding', () =>
      refused({ ...ok, stdinEncoding: 'latin1' }, 'stdinEncoding', /"utf8" or "base64"/));
    it('refuses args that are not strings', () =>
      refused({ ...ok, args: ['a', 2] }, 'args[1]', /must be a string/));
    it('refuses args that are not a list', () => refused({ ...ok, args: 'a b' }, 'args', /array of strings/));
    it('refuses an argument with NUL', () => refused({ ...ok, args: ['a\0b'] }, 'args[0]', /without NUL/));
    it('refuses an argument over the bound', () =>
      refused(
        { ...ok, args: ['x'.repeat(SUBMISSION_BOUNDS.argLength + 1)] },
        'args[0]',
        `at most ${SUBMISSION_BOUNDS.argLength} bytes`,
      ));
    it('refuses too many args', () =>
      refused(
        { ...ok, args: Array.from({ length: SUBMISSION_BOUNDS.args + 1 }, () => 'a') },
        'args',
        `at most ${SUBMISSION_BOUNDS.args} items`,
      ));
  });
});
