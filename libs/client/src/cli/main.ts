import WebSocket from 'ws';
import { JudgeboxClient } from '../client';
import { JudgeboxError } from '../errors';
import type { WebSocketLike } from '../live-run';
import { parseCli, USAGE, UsageError, type CliArgs } from './cli-args';
import { judgeCommand } from './judge-command';
import { EXIT, runCommand } from './run-command';

/** The judgebox CLI on @judgebox/client; resolves with the process's exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (err) {
    process.stderr.write(`judgebox: ${(err as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const client = new JudgeboxClient({
    url: env.JUDGEBOX_URL || 'http://127.0.0.1:2358',
    apiKey: env.JUDGEBOX_API_KEY || undefined,
    // Node 20 has no global WebSocket; `ws` also lets the API key go in a header.
    webSocket: (url, headers) => new WebSocket(url, { headers }) as unknown as WebSocketLike,
  });
  try {
    switch (args.command) {
      case 'run':
        return await runCommand(client, args);
      case 'judge':
        return await judgeCommand(client, args);
      case 'languages':
        return await languages(client, args.json);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`judgebox: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof JudgeboxError) {
      process.stderr.write(`judgebox: ${err.message}\n`);
      if (args.json && err.body !== undefined) process.stdout.write(`${JSON.stringify(err.body, null, 2)}\n`);
      return EXIT.service;
    }
    throw err;
  }
}

async function languages(client: JudgeboxClient, json: boolean): Promise<number> {
  const list = await client.languages();
  if (json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  else
    for (const l of list)
      process.stdout.write(`${l.id.padEnd(12)} ${l.name}${l.version ? ` ${l.version}` : ''}\n`);
  return 0;
}

if (require.main === module)
  main(process.argv.slice(2), process.env).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`judgebox: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = EXIT.service;
    },
  );
