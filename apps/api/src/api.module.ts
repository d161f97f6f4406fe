import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@judgebox/config';
import { CatalogModule } from './catalog/catalog.module';
import { loggerOptions } from './common/logger-options';
import { PistonModule } from './compat/piston/piston.module';
import { HealthModule } from './health/health.module';
import { SubmissionsModule } from './submissions/submissions.module';

/** The HTTP API. `overrides` replace validated config values (tests use a fresh QUEUE_PREFIX). */
@Module({})
export class ApiModule {
  static forRoot(overrides: Partial<AppConfig> = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(overrides),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
        SubmissionsModule,
        CatalogModule,
        HealthModule,
        PistonModule,
      ],
    };
  }
}
