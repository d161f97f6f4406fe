import type { Agent } from 'node:http';
import { httpJson } from './http';

/** A hello-world submission and the stdout it must produce. */
export interface Program {
  language: string;
  source: string;
  expected: string;
}

export const PYTHON_HELLO: Program = {
  language: 'python',
  source: 'print("hello, world")\n',
  expected: 'hello, world\n',
};
export const C_HELLO: Program = {
  language: 'c',
  source: '#include <stdio.h>\nint main(void) { puts("hello, world"); return 0; }\n',
  expected: 'hello, world\n',
};

/** A program judged on test cases: compiled once, run once per case. */
export interface JudgedProgram {
  language: string;
  source: string;
  testCases: { stdin: string; expectedOutput: string }[];
}

/** C that reads two ints and prints their sum, on 20 cases each with its own input. */
export const C_SUM_20: JudgedProgram = {
  language: 'c',
  source:
    '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }\n',
  testCases: Array.from({ length: 20 }, (_, i) => ({
    stdin: `${i * 7} ${1000 - i}\n`,
    expectedOutput: `${i * 6 + 1000}\n`,
  })),
};

export interface SubmissionAnswer {
  id?: string;
  state?: string;
  result?: {
    verdict?: string;
    message?: string | null;
    run?: { stdout?: string; wallTimeMs?: number } | null;
    testCases?: { verdict?: string }[] | null;
  } | null;
}

/** One `POST /v1/submissions?wait=true`; rejects unless the program ran and printed what was expected. */
export async function submitAndWait(api: string, program: Program, agent: Agent): Promise<SubmissionAnswer> {
  const body = { language: program.language, source: program.source };
  const res = await httpJson('POST', `${api}/v1/submissions?wait=true`, body, agent, 120_000);
  const view = JSON.parse(res.body) as SubmissionAnswer;
  const stdout = view.result?.run?.stdout;
  if (res.status !== 200 || view.result?.verdict !== 'ok' || stdout !== program.expected) {
    throw new Error(
      `HTTP ${res.status} ${view.state ?? ''} ${view.result?.verdict ?? ''} ${view.result?.message ?? ''}`.trim(),
    );
  }
  return view;
}

/** One `POST /v1/submissions` (no wait); rejects unless the API accepted it (202). */
export async function enqueue(api: string, program: Program, agent: Agent): Promise<void> {
  const body = { language: program.language, source: program.source };
  const res = await httpJson('POST', `${api}/v1/submissions`, body, agent, 30_000);
  if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
}

/** One judged `POST /v1/submissions?wait=true`; rejects unless every case was run and accepted. */
export async function judgeAndWait(api: string, program: JudgedProgram, agent: Agent): Promise<void> {
  const res = await httpJson('POST', `${api}/v1/submissions?wait=true`, program, agent, 120_000);
  const view = JSON.parse(res.body) as SubmissionAnswer;
  const cases = view.result?.testCases ?? [];
  if (
    res.status !== 200 ||
    view.result?.verdict !== 'accepted' ||
    cases.length !== program.testCases.length
  ) {
    throw new Error(
      `HTTP ${res.status} ${view.state ?? ''} ${view.result?.verdict ?? ''} ${view.result?.message ?? ''} (${cases.length} cases)`.trim(),
    );
  }
}
