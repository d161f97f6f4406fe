import { parseArgs } from 'node:util';

export const USAGE = `usage:
  judgebox run FILE [--lang LANG] [--stdin FILE] [--json] [-- ARGS...]
      runs FILE, printing its output as it comes; this terminal's input goes to the program
      (unless --stdin); exits with the program's exit code
  judgebox judge FILE --tests DIR [--lang LANG] [--json]
      judges FILE on DIR's test cases (NAME.in with NAME.out or NAME.ans); a line per case as it
      finishes, then a table; exits 0 when every case is accepted
  judgebox languages [--json]

environment: JUDGEBOX_URL (default http://127.0.0.1:2358), JUDGEBOX_API_KEY (sent as a bearer token)`;

export interface CliArgs {
  command: 'run' | 'judge' | 'languages' | 'help';
  file: string | null;
  lang: string | null;
  stdin: string | null;
  tests: string | null;
  json: boolean;
  /** What follows `--`: the program's own arguments. */
  programArgs: string[];
}

/** A usage error: the message, then the usage, and exit code 2. */
export class UsageError extends Error {}

export function parseCli(argv: string[]): CliArgs {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const programArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      options: {
        lang: { type: 'string', short: 'l' },
        stdin: { type: 'string' },
        tests: { type: 'string', short: 't' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [command = 'help', file = null, ...extra] = positionals;
  if (values.help || command === 'help') return { ...blank(), command: 'help' };
  if (command !== 'run' && command !== 'judge' && command !== 'languages')
    throw new UsageError(`unknown command ${command}`);
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')} (program arguments go after --)`);
  if (command !== 'languages' && file === null) throw new UsageError(`${command} needs a FILE`);
  if (command === 'judge' && !values.tests) throw new UsageError('judge needs --tests DIR');
  return {
    command,
    file,
    lang: values.lang ?? null,
    stdin: values.stdin ?? null,
    tests: values.tests ?? null,
    json: values.json,
    programArgs,
  };
}

function blank(): CliArgs {
  return { command: 'help', file: null, lang: null, stdin: null, tests: null, json: false, programArgs: [] };
}
