import { Module } from '@nestjs/common';
import { CallbackSender } from './callback-sender';

/** The machinery shared by Judge0's callbacks and the native webhooks. */
@Module({ providers: [CallbackSender], exports: [CallbackSender] })
export class CallbacksModule {}
