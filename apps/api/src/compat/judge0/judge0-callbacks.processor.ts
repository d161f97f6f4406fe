import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppConfig } from '@judgebox/config';
import { JUDGE0_BOUNDS } from '@judgebox/domain';
import { CALLBACK_CONCURRENCY, CallbackDeliveryProcessor } from '../../callbacks/callback-delivery.processor';
import { CallbackSender } from '../../callbacks/callback-sender';
import { JUDGE0_CALLBACKS_QUEUE, type Judge0CallbackJobData } from './judge0-callback-job';
import { Judge0SubmissionsService } from './judge0-submissions.service';

/** Delivers Judge0 callbacks (a PUT of the default fields, base64) in every API process. */
@Processor(JUDGE0_CALLBACKS_QUEUE, { concurrency: CALLBACK_CONCURRENCY, autorun: false })
export class Judge0CallbacksProcessor extends CallbackDeliveryProcessor<Judge0CallbackJobData> {
  constructor(
    private readonly submissions: Judge0SubmissionsService,
    private readonly sender: CallbackSender,
    private readonly config: AppConfig,
  ) {
    super('Judge0Callbacks');
  }

  async process(job: Job<Judge0CallbackJobData>): Promise<void> {
    const token = job.id ?? '';
    const body = await this.submissions.renderCallback(token, job.data.meta);
    if (!body) throw new UnrecoverableError(`submission ${token} is gone`);
    const status = await this.sender.send({
      method: 'PUT',
      url: job.data.url,
      body: JSON.stringify(body),
      allowHosts: this.config.JUDGE0_CALLBACK_ALLOW_HOSTS,
      timeoutMs: JUDGE0_BOUNDS.callbackTimeoutMs,
    });
    if (status >= 400) throw new Error(`${job.data.url} answered ${status}`);
  }
}
