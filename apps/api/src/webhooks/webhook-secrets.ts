import { Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';

/**
 * Where the signing secret of a webhook comes from. `owner` is who submitted (an API key's id once
 * keys exist; null until then), carried by the delivery job so a later secret lookup signs with
 * the secret of the key that asked. A deployment with per-key secrets overrides this provider.
 */
export abstract class WebhookSecrets {
  /** The secret to sign with, or null when webhooks cannot be signed (they are refused). */
  abstract secretFor(owner: string | null): Promise<string | null>;
}

/** One secret for every submission: WEBHOOK_SECRET. */
@Injectable()
export class ConfigWebhookSecrets extends WebhookSecrets {
  constructor(private readonly config: AppConfig) {
    super();
  }

  secretFor(): Promise<string | null> {
    return Promise.resolve(this.config.WEBHOOK_SECRET || null);
  }
}
