import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@judgebox/config';
import { ApiModule } from './api.module';
import { API_APP_OPTIONS, configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(), API_APP_OPTIONS);
  const config = app.get(AppConfig);
  configureApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
}

bootstrap().catch((err: unknown) => {
  // The logger may not exist yet (e.g. invalid configuration), so this goes to stderr directly.
  console.error(err);
  process.exit(1);
});
