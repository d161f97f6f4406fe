import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '@judgebox/config';
import { LIMIT_NAMES, quotaFrom, type Limits } from '@judgebox/domain';
import { redisOptionsFromUrl } from '@judgebox/queue';
import { ApiKeyError, ApiKeyStore } from './api-key.store';
import { keyUsage } from './key-usage';

const USAGE = `usage: npm run keys -- <command>
  create --name NAME [--rate 20/s] [--concurrency 8] [--cpu-seconds-per-day 3600] [--priority high|normal|low]
         [--cpu-time-ms N] [--wall-time-ms N] [--memory-mb N] [--processes N] [--output-bytes N]
  list
  revoke ID_OR_NAME
  usage ID_OR_NAME
Reads REDIS_URL and QUEUE_PREFIX as the API does; prints JSON.`;

/** `--cpu-time-ms` for `cpuTimeMs`: the per-key caps of client limits. */
const LIMIT_FLAGS = Object.fromEntries(
  LIMIT_NAMES.map((n) => [n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), n]),
) as Record<string, keyof Limits>;

const OPTIONS = {
  name: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  'cpu-seconds-per-day': { type: 'string' },
  priority: { type: 'string' },
  ...Object.fromEntries(Object.keys(LIMIT_FLAGS).map((f) => [f, { type: 'string' }])),
} as const;

/** Runs one command against the store; returns the JSON to print. */
export async function runKeysCommand(
  store: ApiKeyStore,
  redis: Redis,
  prefix: string,
  argv: string[],
): Promise<unknown> {
  const { positionals, values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const flags = values as Record<string, string | undefined>;
  const [command, target] = positionals;
  const found = async () => {
    const key = target ? await store.find(target) : null;
    if (!key) throw new ApiKeyError(`no API key ${target ?? '(none given)'}`);
    return key;
  };
  switch (command) {
    case 'create': {
      if (!flags.name) throw new ApiKeyError('create needs --name');
      const { quota, problems } = quotaFrom({
        rate: flags.rate,
        concurrency: int(flags.concurrency),
        cpuSecondsPerDay: int(flags['cpu-seconds-per-day']),
        priority: flags.priority,
        limits: limitFlags(flags),
      });
      if (problems.length > 0) throw new ApiKeyError(problems.join('; '));
      return store.create(flags.name, quota);
    }
    case 'list':
      return store.list();
    case 'revoke':
      return store.revoke((await found()).id);
    case 'usage':
      return keyUsage(redis, prefix, await found());
    default:
      throw new ApiKeyError(USAGE);
  }
}

function int(text: string | undefined): number | undefined {
  return text === undefined ? undefined : /^\d{1,12}$/.test(text) ? Number(text) : NaN;
}

function limitFlags(flags: Record<string, string | undefined>): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const [flag, name] of Object.entries(LIMIT_FLAGS))
    if (flags[flag] !== undefined) out[name] = int(flags[flag]);
  return out;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 });
  try {
    const out = await runKeysCommand(
      new ApiKeyStore(redis, config.QUEUE_PREFIX),
      redis,
      config.QUEUE_PREFIX,
      process.argv.slice(2),
    );
    console.log(JSON.stringify(out, null, 2));
  } finally {
    redis.disconnect();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err instanceof ApiKeyError || err.name === 'TypeError' ? err.message : err);
    process.exit(1);
  });
}
