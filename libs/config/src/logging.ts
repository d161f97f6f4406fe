import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config';

/** Structured JSON logs (pino) for both apps; request bodies (source code) are never logged. */
export const loggingModule = LoggerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    pinoHttp: {
      level: config.LOG_LEVEL,
      autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }) },
    },
  }),
});
