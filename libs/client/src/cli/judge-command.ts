import { isUtf8 } from 'node:buffer';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCaseResult } from '@judgebox/domain';
import type { JudgeboxClient } from '../client';
import { UsageError, type CliArgs } from './cli-args';
import { readBytes, sourceBody } from './cli-source';

interface TestFile {
  name: string;
  input: string;
  answer: string;
}

/**
 * `judgebox judge`: the program judged on the folder's cases, a line per case on stderr as it
 * finishes, then a table on stdout (or the whole submission with --json); 0 when all are accepted.
 */
export async function judgeCommand(client: JudgeboxClient, args: CliArgs): Promise<number> {
  const tests = testFiles(args.tests!);
  const testCases = tests.map((t) => {
    const input = readBytes(t.input);
    const answer = readBytes(t.answer);
    // One encoding covers both: base64 when either is not UTF-8.
    const encoding = isUtf8(input) && isUtf8(answer) ? 'utf8' : 'base64';
    return { stdin: input.toString(encoding), expectedOutput: answer.toString(encoding), encoding } as const;
  });
  const view = await client.judge(
    { ...sourceBody(args.file!, args.lang), testCases },
    { onTestCase: (tc) => args.json || process.stderr.write(`${progressLine(tc, tests)}\n`) },
  );
  const result = view.result;
  if (args.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  else {
    if (`${result?.verdict}` === 'compile_error' && result?.compile)
      process.stderr.write(
        Buffer.from(result.compile.stderr || result.compile.stdout, result.compile.encoding),
      );
    process.stdout.write(table(result?.testCases ?? [], tests));
    const passed = (result?.testCases ?? []).filter((tc) => `${tc.verdict}` === 'accepted').length;
    process.stdout.write(
      `verdict: ${result?.verdict ?? 'unknown'} (${passed}/${tests.length} accepted)${result?.message ? `: ${result.message}` : ''}\n`,
    );
  }
  return `${result?.verdict}` === 'accepted' ? 0 : 1;
}

/** NAME.in with NAME.out (or .ans), in natural order of NAME. */
function testFiles(dir: string): TestFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new UsageError(`cannot read --tests ${dir}: ${(err as Error).message}`);
  }
  const has = new Set(names);
  const tests = names
    .filter((n) => n.endsWith('.in'))
    .map((n) => n.slice(0, -3))
    .flatMap((base) => {
      const answer = [`${base}.out`, `${base}.ans`].find((a) => has.has(a));
      return answer ? [{ name: base, input: join(dir, `${base}.in`), answer: join(dir, answer) }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (tests.length === 0) throw new UsageError(`no test cases in ${dir} (NAME.in with NAME.out or NAME.ans)`);
  return tests;
}

function progressLine(tc: TestCaseResult, tests: TestFile[]): string {
  return `test ${tc.index + 1}/${tests.length} ${tests[tc.index]?.name ?? ''}: ${tc.verdict} ${tc.cpuTimeMs} ms ${mib(tc.peakMemoryBytes)}`;
}

function table(cases: TestCaseResult[], tests: TestFile[]): string {
  const rows = [
    ['#', 'test', 'verdict', 'cpu', 'wall', 'memory'],
    ...cases.map((tc) => [
      String(tc.index + 1),
      tests[tc.index]?.name ?? '',
      `${tc.verdict}`,
      `${tc.cpuTimeMs} ms`,
      `${tc.wallTimeMs} ms`,
      mib(tc.peakMemoryBytes),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
