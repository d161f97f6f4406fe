import { JUDGE0_BOUNDS } from '@judgebox/domain';
import type { FollowUpJob } from '../../queue/submission-job';
import type { Judge0Meta } from './judge0-request';

/**
 * The BullMQ queue of Judge0 callback deliveries, produced and consumed by API processes only (the
 * worker never sees it, so its contract lives here rather than in libs/queue). Renaming it strands
 * every delivery already queued under the old name.
 */
export const JUDGE0_CALLBACKS_QUEUE = 'judge0-callbacks';

/** A delivery job; its id is the submission's token. */
export interface Judge0CallbackJobData {
  url: string;
  /** The Judge0 fields of the submission, carried here so a delivery needs nothing saved after it. */
  meta: Judge0Meta;
}

/**
 * The delivery of one callback, queued with its submission and runnable once that has finished:
 * one PUT per attempt, JUDGE0_BOUNDS.callbackTries attempts, callbackRetryDelayMs apart. Jobs are
 * dropped when done; a failure is in the log, and a kept job would hold a copy of the result.
 */
export function callbackDelivery(url: string, meta: Judge0Meta): FollowUpJob {
  const data: Judge0CallbackJobData = { url, meta };
  return {
    queueName: JUDGE0_CALLBACKS_QUEUE,
    name: 'callback',
    data,
    opts: {
      attempts: JUDGE0_BOUNDS.callbackTries,
      backoff: { type: 'fixed', delay: JUDGE0_BOUNDS.callbackRetryDelayMs },
      removeOnComplete: true,
      removeOnFail: true,
    },
  };
}
