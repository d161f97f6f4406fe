import { LIMIT_NAMES, LIMIT_RANGES, type LimitName, type Limits } from './limits';

/**
 * Priority classes of API keys and the BullMQ priority each maps to (lower runs first). Jobs of
 * requests without a key (open mode, JUDGE0_AUTH_TOKENS) carry no priority, as before keys existed.
 */
export const PRIORITY_CLASSES = { high: 1, normal: 10, low: 100 } as const;
export type PriorityClass = keyof typeof PRIORITY_CLASSES;

/** A request rate: `points` requests refill evenly over `perSeconds`; a full bucket holds `points`. */
export interface Rate {
  points: number;
  perSeconds: number;
}

/** What one API key may do; every field is bounded by TENANT_BOUNDS. */
export interface TenantQuota {
  rate: Rate;
  /** Submissions of the key not finished yet (queued or running). */
  concurrency: number;
  /** CPU time of every phase of the key's submissions, per UTC day. */
  cpuSecondsPerDay: number;
  priority: PriorityClass;
  /** Per-key caps of the client limits: the default when a request sets none, the most it may ask. */
  limits: Partial<Limits>;
}

/** Defaults of `npm run keys -- create` and POST /v1/admin/keys for what is not given. */
export const TENANT_DEFAULTS: Readonly<Omit<TenantQuota, 'limits'>> = {
  rate: { points: 20, perSeconds: 1 },
  concurrency: 8,
  cpuSecondsPerDay: 3_600,
  priority: 'normal',
};

/** The most a key may be given. */
export const TENANT_BOUNDS = {
  /** Requests per second (a rate of N/m or N/h is compared as N/60 or N/3600). */
  ratePerSecond: 10_000,
  concurrency: 1_000,
  cpuSecondsPerDay: 8_640_000,
  /** API keys under one prefix. */
  keys: 10_000,
} as const;

const RATE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600 };

/** Parses `20/s`, `600/m`, `1000/h`; null when malformed. */
export function parseRate(text: string): Rate | null {
  const m = /^(\d{1,9})\/([smh])$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) return null;
  return { points: Number(m[1]), perSeconds: RATE_UNITS[m[2]] };
}

export function formatRate(rate: Rate): string {
  const unit = Object.entries(RATE_UNITS).find(([, s]) => s === rate.perSeconds)?.[0] ?? 's';
  return `${rate.points}/${unit}`;
}

/** Every problem of a quota (empty when valid): the bounds above, and key caps within the service's. */
export function quotaProblems(q: TenantQuota): string[] {
  const problems: string[] = [];
  const within = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max)
      problems.push(`${name} must be an integer in [${min}, ${max}]`);
  };
  if (q.rate.points / q.rate.perSeconds > TENANT_BOUNDS.ratePerSecond)
    problems.push(`rate must be at most ${TENANT_BOUNDS.ratePerSecond}/s`);
  within('concurrency', q.concurrency, 1, TENANT_BOUNDS.concurrency);
  within('cpuSecondsPerDay', q.cpuSecondsPerDay, 1, TENANT_BOUNDS.cpuSecondsPerDay);
  if (!(q.priority in PRIORITY_CLASSES))
    problems.push(`priority must be one of ${Object.keys(PRIORITY_CLASSES).join(', ')}`);
  for (const [name, value] of Object.entries(q.limits)) {
    const range = LIMIT_RANGES[name as LimitName] as (typeof LIMIT_RANGES)[LimitName] | undefined;
    if (!range) problems.push(`limits.${name} is not a limit (${LIMIT_NAMES.join(', ')})`);
    else within(`limits.${name}`, value, range.min, range.max);
  }
  return problems;
}

/**
 * A request's limits under a key's caps: a limit the client did not set is lowered to the cap; one
 * it set above the cap is a problem (returned as a sentence naming the field).
 */
export function capLimits(
  limits: Limits,
  explicit: Partial<Limits>,
  caps: Partial<Limits>,
): { limits: Limits; problems: string[] } {
  const out = { ...limits };
  const problems: string[] = [];
  for (const name of LIMIT_NAMES) {
    const cap = caps[name];
    if (cap === undefined || out[name] <= cap) continue;
    if (explicit[name] !== undefined)
      problems.push(`limits.${name} must not be greater than ${cap} for this API key`);
    else out[name] = cap;
  }
  return { limits: out, problems };
}

/** What a key's creator gives; everything but the name has a default (TENANT_DEFAULTS). */
export interface QuotaInput {
  rate?: string;
  concurrency?: number;
  cpuSecondsPerDay?: number;
  priority?: string;
  limits?: Partial<Limits>;
}

/** A full quota from what was given, and every problem with it (CLI and admin API alike). */
export function quotaFrom(input: QuotaInput): { quota: TenantQuota; problems: string[] } {
  const rate = input.rate === undefined ? TENANT_DEFAULTS.rate : parseRate(input.rate);
  const quota: TenantQuota = {
    rate: rate ?? TENANT_DEFAULTS.rate,
    concurrency: input.concurrency ?? TENANT_DEFAULTS.concurrency,
    cpuSecondsPerDay: input.cpuSecondsPerDay ?? TENANT_DEFAULTS.cpuSecondsPerDay,
    priority: (input.priority ?? TENANT_DEFAULTS.priority) as PriorityClass,
    limits: { ...input.limits },
  };
  const problems = quotaProblems(quota);
  if (!rate) problems.unshift('rate must be N/s, N/m or N/h, e.g. 20/s');
  return { quota, problems };
}
