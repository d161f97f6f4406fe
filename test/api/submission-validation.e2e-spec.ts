import { LIMIT_NAMES, LIMIT_RANGES, SUBMISSION_BOUNDS } from '@judgebox/domain';
import { createApi, type TestApi } from '../support/api';

interface BadRequest {
  statusCode: number;
  message: string[];
  errors: { field: string; message: string }[];
}

/** Every client error of POST /v1/submissions: a 400 naming the field, and nothing queued. */
describe('API: submission validation', () => {
  let api: TestApi;
  const ok = { language: 'python', source: 'print(1)' };

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());

  async function refused(
    body: unknown,
    field: string,
    message: string | RegExp,
    url = '/v1/submissions',
  ): Promise<void> {
    const res = await api.request
      .post(url)
      .send(body as object)
      .expect(400);
    const answer = res.body as BadRequest;
    expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const expected =
      typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message);
    expect(answer.errors).toContainEqual({ field, message: expected });
    expect(answer.message.find((m) => m.startsWith(`${field} `))).toBeDefined();
  }

  afterEach(async () => {
    expect(await api.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);
  });

  describe('language and source', () => {
    it('refuses an unknown language and points at the catalog', async () => {
      const res = await api.request
        .post('/v1/submissions')
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

  describe('limits', () => {
    const cases = LIMIT_NAMES.flatMap((name) => {
      const { min, max } = LIMIT_RANGES[name];
      return [
        [name, min - 1],
        [name, max + 1],
      ] as const;
    });
    it.each(cases)('refuses %s = %d and states the range', (name, value) => {
      const { min, max, unit } = LIMIT_RANGES[name];
      return refused(
        { ...ok, limits: { [name]: value } },
        `limits.${name}`,
        `must be an integer between ${min} and ${max} (${unit})`,
      );
    });
    it.each(['abc', '100', 1.5, null, true, [100]])('refuses the non-integer %j', (value) =>
      refused(
        { ...ok, limits: { cpuTimeMs: value } },
        'limits.cpuTimeMs',
        'must be an integer between 50 and 15000 (ms)',
      ),
    );
    it('reports every bad limit at once', async () => {
      const res = await api.request
        .post('/v1/submissions')
        .send({ ...ok, limits: { cpuTimeMs: 0, memoryMb: 0 } })
        .expect(400);
      expect((res.body as BadRequest).errors.map((e) => e.field).sort()).toEqual([
        'limits.cpuTimeMs',
        'limits.memoryMb',
      ]);
    });
    it('refuses an unknown limit', () =>
      refused({ ...ok, limits: { network: 1 } }, 'limits.network', /not an allowed field/));
    it('refuses limits that are not an object', () =>
      refused({ ...ok, limits: 5 }, 'limits', /must be an object/));
  });

  describe('the rest of the request', () => {
    it('refuses an unknown top-level field', () =>
      refused({ ...ok, network: true }, 'network', /not an allowed field/));
    it.each(['maybe', 'yes', ''])('refuses wait=%j', (wait) =>
      refused(ok, 'wait', /true, false, 1 or 0/, `/v1/submissions?wait=${wait}`),
    );
    it('refuses an unknown query parameter', () =>
      refused(ok, 'callback', /not an allowed field/, '/v1/submissions?callback=x'));
    it('refuses a malformed id', async () => {
      const res = await api.request.get('/v1/submissions/not-a-uuid').expect(400);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
    it('answers 404 for an unknown id', async () => {
      const res = await api.request.get('/v1/submissions/6f1c1f0e-8a57-4c1e-9d7a-1b1f0d0c0b0a').expect(404);
      expect(res.body.message).toMatch(/not found/);
    });
  });
});
