/** Latency summary of one scenario, in milliseconds. */
export interface LatencySummary {
  n: number;
  errors: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Result of a closed-loop run: `concurrency` callers, each starting its next call when one ends. */
export interface LoadResult {
  concurrency: number;
  latency: LatencySummary;
  elapsedMs: number;
  /** Successful calls per second over the whole run. */
  throughput: number;
  firstError: string | null;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(latencies: number[], errors: number): LatencySummary {
  const s = [...latencies].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return {
    n: s.length,
    errors,
    min: round(s[0] ?? NaN),
    p25: round(percentile(s, 25)),
    p50: round(percentile(s, 50)),
    p75: round(percentile(s, 75)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(mean),
  };
}

/**
 * Runs `total` calls of `call` with `concurrency` in flight at most (a closed loop). A call that
 * throws counts as an error and its latency is not kept; the first error message is reported.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
  /** Pause of each lane after a call (pacing); not part of any latency. */
  gapMs = 0,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await call(i);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
      if (gapMs > 0 && next < total) await new Promise((r) => setTimeout(r, gapMs));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  const elapsedMs =
    performance.now() - started - (gapMs > 0 ? gapMs * Math.max(0, Math.ceil(total / concurrency) - 1) : 0);
  return {
    concurrency,
    latency: summarize(latencies, errors),
    elapsedMs: Math.round(elapsedMs),
    throughput: Math.round((latencies.length / (elapsedMs / 1000)) * 100) / 100,
    firstError,
  };
}
