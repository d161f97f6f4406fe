import { constants } from 'node:os';
import type { JudgeboxClient } from '../client';
import type { LiveRun } from '../live-run';
import type { SubmissionView } from '@judgebox/domain';
import { outputBytes } from '../base64';
import type { CliArgs } from './cli-args';
import { contentOf, sourceBody } from './cli-source';

/** Exit codes besides the program's own. */
export const EXIT = { usage: 2, service: 3, compileError: 1 } as const;

/**
 * `judgebox run`: the program's output as it comes, this process's stdin to the program (or the
 * --stdin file, given up front), then the program's exit code (128 + N when killed by signal N).
 */
export async function runCommand(client: JudgeboxClient, args: CliArgs): Promise<number> {
  const body = sourceBody(args.file!, args.lang);
  if (args.stdin !== null) {
    const { text, encoding } = contentOf(args.stdin);
    Object.assign(body, { stdin: text, stdinEncoding: encoding });
  }
  const run = client.live({ ...body, args: args.programArgs });
  if (args.stdin === null) forwardStdin(run);
  else run.stdin.end();
  try {
    for await (const message of run) {
      if (message.type !== 'output' || args.json) continue;
      (message.stream === 'stdout' ? process.stdout : process.stderr).write(
        outputBytes(message.data, message.encoding),
      );
    }
  } finally {
    process.stdin.destroy();
  }
  const view = await run.result;
  if (args.json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  else report(view);
  return exitCode(view);
}

function forwardStdin(run: LiveRun): void {
  process.stdin.on('data', (chunk: Buffer) => run.stdin.write(new Uint8Array(chunk)));
  process.stdin.on('end', () => run.stdin.end());
  process.stdin.on('error', () => run.stdin.end());
}

/** A verdict other than ok is told on stderr: the program's own output is all stdout holds. */
function report(view: SubmissionView): void {
  const result = view.result;
  if (!result || `${result.verdict}` === 'ok') return;
  if (`${result.verdict}` === 'compile_error' && result.compile)
    process.stderr.write(
      Buffer.from(result.compile.stderr || result.compile.stdout, result.compile.encoding),
    );
  process.stderr.write(`judgebox: ${result.verdict}${result.message ? `: ${result.message}` : ''}\n`);
}

function exitCode(view: SubmissionView): number {
  const result = view.result;
  if (!result) return EXIT.service;
  const verdict = `${result.verdict}`;
  if (verdict === 'compile_error') return EXIT.compileError;
  if (verdict === 'internal_error' || !result.run) return EXIT.service;
  const { exitCode: code, signal } = result.run;
  if (code !== null && code < 128) return code;
  const number = signal ? constants.signals[signal as keyof typeof constants.signals] : undefined;
  return number ? 128 + number : (code ?? EXIT.service);
}
