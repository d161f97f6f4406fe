import { randomUUID } from 'node:crypto';

/**
 * Every Redis key an end-to-end test writes is under a prefix from here: `test-<run>-<uuid>`, where
 * `<run>` names this jest run (set by test/support/global-setup.ts). The run's teardown deletes
 * every key under `test-<run>-*`, whichever API, worker or compose stack wrote it, and the next run
 * deletes what a killed run left (test/support/test-runs.ts). Without this, each full run left
 * about 3,000 keys and 400 MB in the private Redis, which then took longer to load at start than
 * scripts/ensure-redis.sh waited.
 */
export function testPrefix(): string {
  return `${runPrefix(process.env.JUDGEBOX_TEST_RUN ?? 'adhoc')}${randomUUID()}`;
}

/** What every prefix of test run `run` starts with. */
export function runPrefix(run: string): string {
  return `test-${run}-`;
}
