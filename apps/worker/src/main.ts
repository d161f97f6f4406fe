import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@judgebox/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(WorkerModule.forRoot(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.WORKER_HEALTH_PORT > 0) await app.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');
  else {
    await app.init();
    // Only listen() flushes the logs buffered during start; without it they would never appear.
    app.flushLogs();
  }
}

bootstrap().catch((err: Error) => {
  console.error(`judgebox worker: ${err.message}`);
  process.exit(1);
});
