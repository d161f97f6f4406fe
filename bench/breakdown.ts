import type { Agent } from 'node:http';
import type { Redis } from 'ioredis';
import { SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { submitAndWait, type Program } from './programs';
import { percentile } from './stats';
import { sleep } from './stack';

/** One step of a submission's life, between two clocks of this host. */
export interface BreakdownStep {
  step: string;
  p50: number;
  /** How many of the requests had this step. */
  seen: number;
}

/**
 * Sends `n` submissions one at a time, `gapMs` apart, and splits each one's latency by the times
 * BullMQ records on the job (added, taken by a worker, finished) and the program's own wall time:
 * where the end-to-end latency goes.
 */
export async function measureBreakdown(
  api: string,
  redis: Redis,
  prefix: string,
  program: Program,
  agent: Agent,
  n: number,
  gapMs: number,
): Promise<BreakdownStep[]> {
  const steps = new Map<string, number[]>();
  const add = (step: string, ms: number): void => void steps.set(step, [...(steps.get(step) ?? []), ms]);
  for (let i = 0; i < n; i++) {
    await sleep(gapMs);
    const t0 = Date.now();
    const view = await submitAndWait(api, program, agent);
    const t1 = Date.now();
    const job = await redis.hmget(
      `${prefix}:${SUBMISSIONS_QUEUE}:${view.id}`,
      'timestamp',
      'processedOn',
      'finishedOn',
    );
    const [added, taken, finished] = job.map(Number);
    const run = view.result?.run?.wallTimeMs ?? 0;
    add('request sent → job added (HTTP, validation, enqueue)', added - t0);
    add('job added → taken by a worker', taken - added);
    add('in the worker, besides the program (files, sandbox, result)', finished - taken - run);
    add("the program's own wall time (fork to exit)", run);
    add('job finished → answer received (queue events, HTTP)', t1 - finished);
    add('total', t1 - t0);
  }
  return [...steps].map(([step, ms]) => ({
    step,
    p50:
      Math.round(
        percentile(
          [...ms].sort((a, b) => a - b),
          50,
        ) * 10,
      ) / 10,
    seen: ms.length,
  }));
}
