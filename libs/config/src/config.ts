import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { cpus, hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/** A comma-separated setting (hosts, tokens, origins) as its items, trimmed, blanks dropped. */
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? splitList(value) : value;

/** One `image=N` pair of SANDBOX_POOL; `*` names every image without a pair of its own. */
export interface PoolSize {
  image: string;
  size: number;
}
/** SANDBOX_POOL's pairs; an item that is not `image=N` stays text, which its row then refuses. */
const toPoolSizes = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? splitList(value).map((item) => {
        const pair = /^([\w*.-]+)=(\d{1,2})$/.exec(item);
        return pair ? { image: pair[1], size: Number(pair[2]) } : item;
      })
    : value;

/**
 * Every setting of judgebox, read once from the environment and validated; the apps refuse to
 * start on a bad value. docs/configuration.md lists these same names and defaults.
 */
export class AppConfig {
  /** Redis shared by the API and every worker. */
  @Matches(/^rediss?:\/\//) REDIS_URL = 'redis://127.0.0.1:6389';
  /** BullMQ key prefix; tests use a fresh one each so they never see each other's jobs. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/) QUEUE_PREFIX = 'judgebox';
  /**
   * Start even when Redis's `maxmemory-policy` is not `noeviction` (it could evict queued jobs and
   * the locks of running ones); a warning is logged instead of refusing to start.
   */
  @Transform(toBool) @IsBoolean() REDIS_ALLOW_EVICTION = false;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  // --- API ---
  @IsInt() @Min(0) @Max(65535) PORT = 2358;
  @IsString() HOST = '127.0.0.1';
  /** Comma-separated allowed origins, or `*`. */
  @Transform(toList) @IsString({ each: true }) CORS_ORIGINS: string[] = ['*'];
  @IsInt() @Min(1024) @Max(67_108_864) BODY_LIMIT_BYTES = 4_194_304;
  /** Longest a `wait=true` request is held before it answers 202 with the id. */
  @IsInt() @Min(0) @Max(300_000) WAIT_TIMEOUT_MS = 60_000;
  /** Submissions waiting in the queue before POST answers 503 with Retry-After. */
  @IsInt() @Min(1) MAX_QUEUED = 2_000;
  /** How long finished results (and their jobs) are kept. */
  @IsInt() @Min(10) RESULT_TTL_SECONDS = 3_600;
  /**
   * Bearer token of the admin API (`/v1/admin/keys`: create, list, revoke API keys); empty turns
   * that API off (the `npm run keys` CLI still works, through Redis). At least 16 characters.
   */
  @Matches(/^$|^\S{16,}$/) ADMIN_TOKEN = '';

  // --- stored problems (docs/problems.md) ---
  /** Bytes of problem files stored in Redis, all problems together; an upload past it answers 507. */
  @IsInt() @Min(1_048_576) @Max(1_099_511_627_776) PROBLEMS_QUOTA_BYTES = 1_073_741_824;
  /** Bytes of the files of one problem version together; an upload past it answers 413. */
  @IsInt() @Min(1_024) @Max(4_294_967_296) PROBLEM_MAX_BYTES = 268_435_456;

  // --- Piston v2 compatibility (WebSocket /api/v2/connect) ---
  /** A socket that sends no `init` message within this closes with 4001, as Piston's does. */
  @IsInt() @Min(100) @Max(60_000) PISTON_WS_INIT_TIMEOUT_MS = 1_000;
  /** Messages one socket may send in all (init, stdin data, signals). */
  @IsInt() @Min(2) @Max(100_000) PISTON_WS_MAX_MESSAGES = 1_000;
  /** Sockets open at once; more are refused with HTTP 503 before the upgrade. */
  @IsInt() @Min(1) @Max(10_000) PISTON_WS_MAX_CONNECTIONS = 64;

  // --- native live API (WebSocket /v1/live, Server-Sent Events /v1/submissions/:id/events) ---
  /** A live socket that sends no `start` message within this closes with 4001. */
  @IsInt() @Min(100) @Max(60_000) LIVE_WS_START_TIMEOUT_MS = 5_000;
  /**
   * A live socket with no message either way for this long closes with 4008 and its program is
   * killed; above the longest silent wait (queue, a compile) so only a forgotten socket hits it.
   */
  @IsInt() @Min(100) @Max(600_000) LIVE_WS_IDLE_TIMEOUT_MS = 120_000;
  /** Messages one live socket may send in all (start, stdin, eof, kill); more close it with 4009. */
  @IsInt() @Min(2) @Max(1_000_000) LIVE_WS_MAX_MESSAGES = 10_000;
  /** Live sockets open at once per API process; more are refused with HTTP 503 before the upgrade. */
  @IsInt() @Min(1) @Max(10_000) LIVE_WS_MAX_CONNECTIONS = 64;
  /** Event streams (`/v1/submissions/:id/events`) open at once per API process; more answer 503. */
  @IsInt() @Min(1) @Max(10_000) EVENTS_MAX_STREAMS = 256;

  // --- Judge0 CE compatibility (apps/api/src/compat/judge0) ---
  /** Path the Judge0-compatible routes are mounted under, e.g. `/judge0`; empty serves them at the root as Judge0 does. */
  @Matches(/^(\/[A-Za-z0-9._-]+)*$/) JUDGE0_PREFIX = '';
  /** Comma-separated tokens accepted in `X-Auth-Token`; empty leaves the Judge0 routes open. */
  @Transform(toList) @IsString({ each: true }) JUDGE0_AUTH_TOKENS: string[] = [];
  /**
   * Comma-separated host names (exactly as in the URL) a `callback_url` may name even though they
   * resolve to a private, loopback or other special address. Empty: only public addresses.
   */
  @Transform(toList) @IsString({ each: true }) JUDGE0_CALLBACK_ALLOW_HOSTS: string[] = [];
  /** Whether `DELETE /submissions/{token}` removes finished submissions (Judge0's ENABLE_SUBMISSION_DELETE). */
  @Transform(toBool) @IsBoolean() JUDGE0_ENABLE_DELETE = false;

  // --- native webhooks (apps/api/src/webhooks) ---
  /**
   * Signs every `callbackUrl` POST (HMAC-SHA256, header Judgebox-Signature); at least 16
   * characters. Empty: submissions with a callbackUrl are refused.
   */
  @Matches(/^(.{16,})?$/s, { message: 'must be empty or at least 16 characters' }) WEBHOOK_SECRET = '';
  /** As JUDGE0_CALLBACK_ALLOW_HOSTS, for the native `callbackUrl`. */
  @Transform(toList) @IsString({ each: true }) WEBHOOK_ALLOW_HOSTS: string[] = [];

  // --- worker ---
  @IsInt() @Min(1) @Max(256) WORKER_CONCURRENCY = Math.max(1, cpus().length);
  @IsString() WORKER_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  /** Docker engine socket (unix path); rootless engines live under $XDG_RUNTIME_DIR. */
  @IsString() DOCKER_SOCKET = '/var/run/docker.sock';
  /** OCI runtime for sandboxes, e.g. `runsc` for gVisor; empty uses the engine's default. */
  @IsOptional() @IsString() SANDBOX_RUNTIME = '';
  /** Tag of the sandbox images the worker runs, `judgebox/<folder>:<tag>` (e.g. to pin one build). */
  @Matches(/^\w[\w.-]{0,127}$/) SANDBOX_IMAGE_TAG = 'latest';
  /**
   * How often the worker looks for images that appeared (built in the background after `npm start`)
   * or went away; `/v1/languages` and submissions follow within this and a heartbeat.
   */
  @IsInt() @Min(1) @Max(3_600) SANDBOX_IMAGE_RECHECK_SECONDS = 10;
  /**
   * The container profile. Its folder also holds what namespace isolation uses: `profile-slot.json`
   * (slot containers) and `inner-filter.json` (stacked on every untrusted process in a slot).
   */
  @IsString() SECCOMP_PROFILE = findUp(join('seccomp', 'profile.json'), __dirname);
  /**
   * `namespace`: long-lived slot containers, each serving one submission at a time, and a fresh
   * bubblewrap sandbox (user, mount, IPC, network, UTS namespaces; new /work, /tmp, /dev/shm; a
   * stacked seccomp filter) for every process of a submission. `container`: a new container per
   * submission. Both run every confinement of buildContainerSpec (SECURITY.md compares them).
   */
  @IsIn(['namespace', 'container']) SANDBOX_ISOLATION: 'namespace' | 'container' = 'namespace';
  /** Namespace isolation: a slot is replaced after serving this many submissions. */
  @IsInt() @Min(1) @Max(100_000) SLOT_MAX_SUBMISSIONS = 500;
  /** Namespace isolation: a slot is replaced once it is this old (checked between submissions). */
  @IsInt() @Min(10) @Max(86_400) SLOT_MAX_AGE_SECONDS = 1_800;
  /**
   * Warm pool: containers kept ready per image, as `image=N` pairs with `*` for the rest
   * (e.g. `python=2,gcc=2,*=1`); `*=0` turns the pool off.
   */
  @Transform(toPoolSizes)
  @IsObject({ each: true, message: 'must be image=N pairs (N at most 99), comma-separated' })
  SANDBOX_POOL: PoolSize[] = [{ image: '*', size: 1 }];
  /**
   * Local disk cache of problem files, by hash. Empty: a fresh folder under the system's temp dir,
   * removed at shutdown. One worker process per folder (each keeps its own index of it).
   */
  @IsString() CONTENT_CACHE_DIR = '';
  /** Bytes the cache keeps; least recently used files go first (files in use are never cut short). */
  @IsInt() @Min(1_048_576) @Max(1_099_511_627_776) CONTENT_CACHE_MAX_BYTES = 2_147_483_648;
  /**
   * On SIGTERM the worker stops taking jobs and waits this long for the running ones to finish
   * (their own limits end them first: the default covers the longest compile plus the longest
   * run, limits.ts longestRunMs); those still running then are killed and handed back.
   */
  @IsInt() @Min(0) @Max(86_400) WORKER_DRAIN_SECONDS = 90;
  /**
   * Compiled checkers and interactors kept per worker (LRU by content hash), in MiB of their
   * compiled work dirs; one larger than the whole cache is compiled again each time.
   */
  @IsInt() @Min(1) @Max(16_384) JUDGE_PROGRAM_CACHE_MB = 256;
  /** Worker health endpoint, on loopback only. 0 turns it off. */
  @IsInt() @Min(0) @Max(65535) WORKER_HEALTH_PORT = 2359;
  /**
   * Development only: start even when the engine does not enforce a limit or lacks user namespaces.
   * Never set it where strangers submit code.
   */
  @Transform(toBool) @IsBoolean() JUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX = false;
}

/** The nearest `rel` above `from` (works from the sources and from dist/). */
function findUp(rel: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
    if (dirname(dir) === dir) return rel;
  }
}

/** Settings read as integers: those whose row says `@IsInt()`, so integer-ness is declared once. */
const INTEGERS = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', true, false)
    .filter((m) => m.name === 'isInt')
    .map((m) => m.propertyName),
);

/** Reads and validates the config; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = INTEGERS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.property}=${/SECRET|TOKEN/.test(e.property) ? '(hidden)' : env[e.property]}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
