import { JUDGE_BOUNDS } from '@judgebox/domain';
import { createApi, type TestApi } from '../support/api';

interface BadRequest {
  errors: { field: string; message: string }[];
}

/** Every client error of the judging fields of POST /v1/submissions: a 400 naming the field, nothing queued. */
describe('API: judging validation', () => {
  let api: TestApi;
  const cases = [{ stdin: '1', expectedOutput: '1' }, { stdin: '2' }];
  const ok = { language: 'python', source: 'print(input())', testCases: cases };
  const checker = { language: 'cpp', source: 'int main(){}' };
  const group = (name: string, testCases: number[], more: object = {}) => ({
    name,
    points: 10,
    testCases,
    ...more,
  });

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());
  afterEach(async () => {
    expect(await api.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);
  });

  async function refused(body: object, field: string, message: RegExp): Promise<void> {
    const res = await api.request.post('/v1/submissions').send(body).expect(400);
    expect((res.body as BadRequest).errors).toContainEqual({
      field,
      message: expect.stringMatching(message),
    });
  }

  it.each([
    [
      'checker without testCases',
      { language: 'python', source: 'x', checker },
      'checker',
      /only allowed together with testCases/,
    ],
    [
      'a checker in an unknown language',
      { ...ok, checker: { language: 'brainfuck', source: '' } },
      'checker.language',
      /not supported/,
    ],
    [
      'a checker without source or files',
      { ...ok, checker: { language: 'cpp' } },
      'checker.source',
      /exactly one of source or files/,
    ],
    [
      'a checker whose entry is not among its files',
      { ...ok, checker: { language: 'cpp', files: [{ name: 'a.cpp', content: '' }], entry: 'b.cpp' } },
      'checker.entry',
      /must be the name of one of the files/,
    ],
    ['a checker that is not an object', { ...ok, checker: 'cmp' }, 'checker', /must be an object/],
    [
      'checker and interactor together',
      { ...ok, checker, interactor: checker },
      'interactor',
      /not be given together with checker/,
    ],
    [
      'an interactor transcript that is not a boolean',
      { ...ok, interactor: { ...checker, transcript: 'yes' } },
      'interactor.transcript',
      /must be a boolean/,
    ],
    [
      'relativeTolerance without compare float',
      { ...ok, relativeTolerance: 0.1 },
      'relativeTolerance',
      /only allowed with compare "float"/,
    ],
    [
      'relativeTolerance over its maximum',
      { ...ok, compare: 'float', relativeTolerance: 2 },
      'relativeTolerance',
      /between 0 and 1/,
    ],
    ['an unknown compare mode', { ...ok, compare: 'fuzzy' }, 'compare', /must be one of .*"yes_no"/],
    [
      'groups without testCases',
      { language: 'python', source: 'x', groups: [group('a', [0])] },
      'groups',
      /only allowed together with testCases/,
    ],
    ['an empty groups list', { ...ok, groups: [] }, 'groups', /at least 1 group/],
    [
      'too many groups',
      { ...ok, groups: Array.from({ length: JUDGE_BOUNDS.groups + 1 }, (_, i) => group(`g${i}`, [0])) },
      'groups',
      /at most 64 groups/,
    ],
    ['a case in no group', { ...ok, groups: [group('a', [0])] }, 'groups', /test case 1 is in no group/],
    [
      'a case in two groups',
      { ...ok, groups: [group('a', [0, 1]), group('b', [1])] },
      'groups',
      /test case 1 is in groups "a" and "b"/,
    ],
    [
      'a case index past the cases',
      { ...ok, groups: [group('a', [0, 1, 2])] },
      'groups',
      /names test case 2, but there are 2/,
    ],
    [
      'repeated group names',
      { ...ok, groups: [group('a', [0]), group('a', [1])] },
      'groups',
      /repeated: "a"/,
    ],
    [
      'an unknown dependency',
      { ...ok, groups: [group('a', [0, 1], { dependencies: ['z'] })] },
      'groups',
      /depends on "z", which is not a group/,
    ],
    [
      'a dependency cycle',
      { ...ok, groups: [group('a', [0], { dependencies: ['b'] }), group('b', [1], { dependencies: ['a'] })] },
      'groups',
      /must not form a cycle/,
    ],
    [
      'negative points',
      { ...ok, groups: [group('a', [0, 1], { points: -1 })] },
      'groups[0].points',
      /between 0 and 1000000/,
    ],
    [
      'a group without a name',
      { ...ok, groups: [{ points: 1, testCases: [0, 1] }] },
      'groups[0].name',
      /is required/,
    ],
    [
      'case indices that are not integers',
      { ...ok, groups: [group('a', [0.5])] },
      'groups[0].testCases',
      /non-empty array of test case indices/,
    ],
    [
      'an unknown group scoring',
      { ...ok, groups: [group('a', [0, 1], { scoring: 'max' })] },
      'groups[0].scoring',
      /"all_or_nothing", "min"/,
    ],
    [
      'a language named twice in languageAdjustments',
      { ...ok, languageAdjustments: [{ language: 'py' }, { language: 'python' }] },
      'languageAdjustments',
      /repeated: "python"/,
    ],
    [
      'a time multiplier over its maximum',
      { ...ok, languageAdjustments: [{ language: 'java', timeMultiplier: 11 }] },
      'languageAdjustments[0].timeMultiplier',
      /between 1 and 10/,
    ],
    [
      'a time multiplier under 1',
      { ...ok, languageAdjustments: [{ language: 'java', timeMultiplier: 0.5 }] },
      'languageAdjustments[0].timeMultiplier',
      /between 1 and 10/,
    ],
    [
      'extra memory that is not an integer',
      { ...ok, languageAdjustments: [{ language: 'java', extraMemoryMb: 1.5 }] },
      'languageAdjustments[0].extraMemoryMb',
      /an integer between 0 and 1024/,
    ],
    [
      'an adjustment for an unknown language',
      { ...ok, languageAdjustments: [{ language: 'brainfuck' }] },
      'languageAdjustments[0].language',
      /not supported/,
    ],
  ])('refuses %s', (_, body, field, message) => refused(body, field, message));

  it('accepts a full judging body (queued, then removed)', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({
        ...ok,
        compare: 'float',
        relativeTolerance: 1e-9,
        checker: {
          language: 'cpp',
          files: [
            { name: 'c.cpp', content: '' },
            { name: 'testlib.h', content: '' },
          ],
        },
        groups: [
          group('a', [0]),
          group('b', [1], { dependencies: ['a'], scoring: 'min', stopOnFirstFailure: true }),
        ],
        languageAdjustments: [{ language: 'java', timeMultiplier: 2, extraMemoryMb: 256 }],
      })
      .expect(202);
    const job = await api.queue.getJob(res.body.id);
    expect(job?.data.request.judge).toMatchObject({
      compare: 'float',
      floatTolerance: 1e-6,
      relativeTolerance: 1e-9,
      checker: { language: 'cpp', entry: 'c.cpp' },
      interactor: null,
      groups: [
        { name: 'a', dependencies: [], scoring: 'all_or_nothing', stopOnFirstFailure: false },
        { name: 'b', dependencies: ['a'], scoring: 'min', stopOnFirstFailure: true },
      ],
      languageAdjustments: { java: { timeMultiplier: 2, extraMemoryMb: 256 } },
    });
    await job?.remove();
  });
});
