import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { SubmissionState, WEBHOOK_BOUNDS } from '@judgebox/domain';
import { CALLBACK_CONCURRENCY, CallbackDeliveryProcessor } from '../callbacks/callback-delivery.processor';
import { CallbackSender } from '../callbacks/callback-sender';
import { SubmissionQueue } from '../queue/submission-queue.repository';
import { toSubmissionView } from '../submissions/submission-view';
import { WEBHOOKS_QUEUE, type WebhookJobData } from './webhook-job';
import { WebhookSecrets } from './webhook-secrets';
import { webhookHeaders } from './webhook-signature';
import { WebhooksService } from './webhooks.service';

/**
 * Delivers native webhooks in every API process: a POST of the finished submission, the body
 * exactly what `GET /v1/submissions/:id` answers, signed (webhook-signature.ts) at each try.
 */
@Processor(WEBHOOKS_QUEUE, { concurrency: CALLBACK_CONCURRENCY, autorun: false })
export class WebhooksProcessor extends CallbackDeliveryProcessor<WebhookJobData> {
  constructor(
    private readonly jobs: SubmissionQueue,
    private readonly sender: CallbackSender,
    private readonly secrets: WebhookSecrets,
    private readonly webhooks: WebhooksService,
  ) {
    super('Webhooks');
  }

  async process(job: Job<WebhookJobData>): Promise<void> {
    const id = job.id ?? '';
    const stored = await this.jobs.read(id);
    const view = stored && toSubmissionView(stored.job, stored.state);
    if (!view || view.state !== SubmissionState.Finished)
      throw new UnrecoverableError(`submission ${id} is gone or not finished`);
    const secret = await this.secrets.secretFor(job.data.owner);
    if (!secret) throw new UnrecoverableError('no webhook secret to sign with');
    const body = JSON.stringify(view);
    const status = await this.sender.send({
      method: 'POST',
      url: job.data.url,
      body,
      headers: webhookHeaders(secret, body, id, job.attemptsMade + 1),
      allowHosts: this.webhooks.allowHosts(),
      timeoutMs: WEBHOOK_BOUNDS.webhookTimeoutMs,
    });
    if (status >= 400) throw new Error(`${job.data.url} answered ${status}`);
  }
}
