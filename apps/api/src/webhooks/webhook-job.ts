import { WEBHOOK_BOUNDS } from '@judgebox/domain';
import type { FollowUpJob } from '../queue/submission-job';

/**
 * The BullMQ queue of native webhook deliveries, produced and consumed by API processes only (the
 * worker never sees it). Renaming it strands every delivery already queued under the old name.
 */
export const WEBHOOKS_QUEUE = 'webhooks';

/** A delivery job; its id is the submission's. */
export interface WebhookJobData {
  url: string;
  /** Whose secret signs it (WebhookSecrets); null: the service's own. */
  owner: string | null;
}

/**
 * The delivery of one webhook, queued with its submission and runnable once that has finished:
 * one POST per attempt, WEBHOOK_BOUNDS.webhookTries attempts, the delay doubling from
 * webhookBackoffMs. Jobs are dropped when done; a failure is in the log, and the result stays
 * readable by GET for RESULT_TTL_SECONDS.
 */
export function webhookDelivery(url: string, owner: string | null): FollowUpJob {
  const data: WebhookJobData = { url, owner };
  return {
    queueName: WEBHOOKS_QUEUE,
    name: 'webhook',
    data,
    opts: {
      attempts: WEBHOOK_BOUNDS.webhookTries,
      backoff: { type: 'exponential', delay: WEBHOOK_BOUNDS.webhookBackoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    },
  };
}
