import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { useRefusalSuite, VALID_SUBMISSION } from '../support/refusals';

/** Client errors of POST /v1/submissions (language, source, test cases, compiler options): a 400 naming the field, and nothing queued. */
describe('API: submission validation', () => {
  const { api, refused } = useRefusalSuite();
  const ok = VALID_SUBMISSION;

  describe('language and source', () => {
    it('refuses an unknown language and points at the catalog', async () => {
      const res = await api()
        .request.post('/v1/submissions')
        .send({ ...ok, language: 'brainfuck' })
        .expect(400);
      expect(res.body.message).toContain('language "brainfuck" is not supported; see GET /v1/languages');
    });
    it('requires a language', () => refused({ source: 'x' }, 'language', /^is required$/));
    it('requires the language to be a string', () =>
      refused({ ...ok, language: 3 }, 'language', /must be a string/));
    it('refuses source and files together', () =>
      refused({ ...ok, files: [{ name: 'a.py', content: '' }] }, 'files', /exactly one of source or files/));
    it('requires source or files', () =>
      refused({ language: 'python' }, 'source', /exactly one of source or files/));
    it('refuses a non-string source', () => refused({ ...ok, source: 42 }, 'source', /must be a string/));
    it('refuses a source over the bound', () =>
      refused(
        { ...ok, source: 'x'.repeat(SUBMISSION_BOUNDS.sourceBytes + 1) },
        'source',
        `at most ${SUBMISSION_BOUNDS.sourceBytes} bytes`,
      ));
    it('counts source bytes as UTF-8', () =>
      refused({ ...ok, source: 'ł'.repeat(SUBMISSION_BOUNDS.sourceBytes / 2 + 1) }, 'source', /at most/));
  });

  describe('test cases', () => {
    const tc = { stdin: '1', expectedOutput: '1' };
    it('refuses an empty list', () => refused({ ...ok, testCases: [] }, 'testCases', /at least 1 test case/));
    it('refuses a non-list', () =>
      refused({ ...ok, testCases: {} }, 'testCases', /must be an array of test cases/));
    it('refuses too many cases', () =>
      refused(
        { ...ok, testCases: Array.from({ length: SUBMISSION_BOUNDS.testCases + 1 }, () => tc) },
        'testCases',
        `at most ${SUBMISSION_BOUNDS.testCases} test cases`,
      ));
    it('refuses more case bytes than the total bound', () => {
      const big = 'x'.repeat(300_000);
      const n = Math.ceil(SUBMISSION_BOUNDS.testCasesTotalBytes / (2 * big.length)) + 1;
      return refused(
        { ...ok, testCases: Array.from({ length: n }, () => ({ stdin: big, expectedOutput: big })) },
        'testCases',
        `at most ${SUBMISSION_BOUNDS.testCasesTotalBytes} bytes`,
      );
    }, 30_000);
    it('refuses an item that is not an object', () =>
      refused({ ...ok, testCases: [tc, 'x'] }, 'testCases[1]', /must be an object/));
    it('refuses a null expectedOutput (leaving it out is allowed)', () =>
      refused(
        { ...ok, testCases: [{ stdin: '', expectedOutput: null }] },
        'testCases[0].expectedOutput',
        /string/,
      ));
    it('refuses a non-string stdin', () =>
      refused(
        { ...ok, testCases: [{ stdin: 1, expectedOutput: '' }] },
        'testCases[0].stdin',
        /must be a string/,
      ));
    it('refuses bad base64 in a case', () =>
      refused(
        { ...ok, testCases: [{ stdin: 'a', expectedOutput: '!!', encoding: 'base64' }] },
        'testCases[0].expectedOutput',
        /valid base64/,
      ));
    it('refuses top-level stdin together with test cases', () =>
      refused({ ...ok, stdin: 'x', testCases: [tc] }, 'stdin', /not be given together with testCases/));
    it.each([
      ['compare', 'tokens'],
      ['floatTolerance', 0.1],
      ['stopOnFirstFailure', true],
    ])('refuses %s without test cases', (field, value) =>
      refused({ ...ok, [field]: value }, field, /only allowed together with testCases/),
    );
    it('refuses an unknown compare mode', () =>
      refused({ ...ok, testCases: [tc], compare: 'fuzzy' }, 'compare', /"exact", "trim_trailing", "tokens"/));
    it.each([[-1], [2], ['0.1'], [null]])('refuses floatTolerance %j', (value) =>
      refused(
        { ...ok, testCases: [tc], compare: 'tokens', floatTolerance: value },
        'floatTolerance',
        /between 0 and 1/,
      ),
    );
    it('refuses floatTolerance with another compare mode', () =>
      refused(
        { ...ok, testCases: [tc], floatTolerance: 0.1 },
        'floatTolerance',
        /only allowed with compare "tokens"/,
      ));
    it('refuses a non-boolean stopOnFirstFailure', () =>
      refused(
        { ...ok, testCases: [tc], stopOnFirstFailure: 'yes' },
        'stopOnFirstFailure',
        /must be a boolean/,
      ));
  });

  describe('compiler options', () => {
    const c = { language: 'c', source: 'int main(){}' };
    it('refuses a non-list', () =>
      refused({ ...c, compilerOptions: '-O2' }, 'compilerOptions', /array of strings/));
    it('refuses too many options', () =>
      refused(
        { ...c, compilerOptions: Array.from({ length: SUBMISSION_BOUNDS.compilerOptions + 1 }, () => '-O2') },
        'compilerOptions',
        `at most ${SUBMISSION_BOUNDS.compilerOptions} items`,
      ));
    it('refuses an option outside the allowlist', () =>
      refused(
        { ...c, compilerOptions: ['-O2', '-fplugin=x'] },
        'compilerOptions[1]',
        /"-fplugin=x" is not an allowed c/,
      ));
    it('refuses options for a language that takes none', () =>
      refused({ ...ok, compilerOptions: ['-O'] }, 'compilerOptions[0]', /python takes no compiler options/));
  });
});
