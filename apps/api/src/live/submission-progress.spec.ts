import { SubmissionState, Verdict, type SubmissionView, type TestCaseResult } from '@judgebox/domain';
import type { ProgressEntry } from '@judgebox/queue';
import { submissionProgress, type ProgressDeps } from './submission-progress';

const tc = (index: number): TestCaseResult => ({ index, verdict: Verdict.Accepted }) as TestCaseResult;
const view = (state: SubmissionState, testCases: TestCaseResult[] | null = null): SubmissionView =>
  ({
    id: 'x',
    state,
    language: 'c',
    createdAt: '',
    result: state === SubmissionState.Finished ? { compile: { exitCode: 0 }, run: null, testCases } : null,
  }) as SubmissionView;

/** A stream that hands out `batches` one per read, and a job that is finished once they are read. */
function fakes(batches: ProgressEntry[][], final: SubmissionView): ProgressDeps {
  let reads = 0;
  return {
    streams: {
      listen: () => Promise.resolve(),
      read: () => Promise.resolve({ entries: batches[reads++] ?? [], lastId: String(reads) }),
    },
    submissions: {
      read: () =>
        Promise.resolve({
          view: reads >= batches.length ? final : view(SubmissionState.Running),
          request: {} as never,
        }),
    },
  };
}

async function collect(deps: ProgressDeps, first: SubmissionView): Promise<string[]> {
  const out: string[] = [];
  for await (const e of submissionProgress('x', first, deps, new AbortController().signal, 10_000))
    out.push(e.type === 'testCase' ? `testCase ${e.testCase.index}` : e.type);
  return out;
}

describe('submissionProgress', () => {
  it('relays the stream as it comes, each case once, then fills in from the result and ends with finished', async () => {
    const compiled: ProgressEntry = { type: 'compiled', compile: null };
    const deps = fakes(
      [
        [compiled],
        [
          { type: 'testCase', testCase: tc(0) },
          { type: 'testCase', testCase: tc(0) },
        ],
        [{ type: 'done' }],
      ],
      view(SubmissionState.Finished, [tc(0), tc(1)]),
    );
    expect(await collect(deps, view(SubmissionState.Queued))).toEqual([
      'compiled',
      'testCase 0',
      'testCase 1',
      'finished',
    ]);
  });

  it('replays a finished submission from its result alone', async () => {
    const done = view(SubmissionState.Finished, [tc(0), tc(1)]);
    expect(await collect(fakes([], done), done)).toEqual([
      'compiled',
      'testCase 0',
      'testCase 1',
      'finished',
    ]);
  });
});
