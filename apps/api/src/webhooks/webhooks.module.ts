import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { QueueModule } from '../queue/queue.module';
import { ConfigWebhookSecrets, WebhookSecrets } from './webhook-secrets';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

/**
 * Signed webhooks of the native API (`callbackUrl`). Every API process consumes the delivery
 * queue. To sign with per-key secrets, provide another WebhookSecrets.
 */
@Module({
  imports: [QueueModule, CallbacksModule],
  providers: [
    WebhooksService,
    WebhooksProcessor,
    { provide: WebhookSecrets, useClass: ConfigWebhookSecrets },
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
