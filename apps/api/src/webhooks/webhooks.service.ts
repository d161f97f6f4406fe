import { Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { CallbackSender } from '../callbacks/callback-sender';
import { fieldErrorsException } from '../common/validation-errors';
import type { SubmitOptions } from '../submissions/submissions.service';
import { currentRequest } from '../tenants/request-context';
import { webhookDelivery } from './webhook-job';
import { WebhookSecrets } from './webhook-secrets';

/** Accepts a native submission's `callbackUrl`: the delivery is queued with the submission. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly sender: CallbackSender,
    private readonly secrets: WebhookSecrets,
    private readonly config: AppConfig,
  ) {}

  /**
   * Submit options that queue the webhook with its submission (none without a URL). A 400 naming
   * `callbackUrl` when no secret could sign it, or when its host is private, loopback or reserved
   * (WEBHOOK_ALLOW_HOSTS lists exceptions) or does not resolve. The owner is the request's API key
   * (none while the service is open): the delivery is signed with that key's secret.
   */
  async followUp(url: string | undefined): Promise<SubmitOptions> {
    if (url === undefined) return {};
    const owner = currentRequest()?.tenant?.id ?? null;
    if (!(await this.secrets.secretFor(owner)))
      throw fieldErrorsException([
        {
          field: 'callbackUrl',
          message: 'cannot be used: the server has no webhook secret (WEBHOOK_SECRET)',
        },
      ]);
    const refusal = await this.sender.refusal(url, this.allowHosts());
    if (refusal) throw fieldErrorsException([{ field: 'callbackUrl', message: refusal }]);
    return { after: webhookDelivery(url, owner) };
  }

  allowHosts(): string[] {
    return this.config.WEBHOOK_ALLOW_HOSTS;
  }
}
