import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule, loadConfig } from '@judgebox/config';
import { CatalogModule } from './catalog/catalog.module';
import { Judge0Module } from './compat/judge0/judge0.module';
import { loggerOptions } from './common/logger-options';
import { PistonModule } from './compat/piston/piston.module';
import { ProblemsModule } from './problems/problems.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { TenantsModule } from './tenants/tenants.module';

/** The HTTP API. `overrides` replace validated config values (tests use a fresh QUEUE_PREFIX). */
@Module({})
export class ApiModule {
  static forRoot(overrides: Partial<AppConfig> = {}): DynamicModule {
    // Routes are fixed when modules are built, before the config provider exists, hence read here.
    const judge0Prefix = overrides.JUDGE0_PREFIX ?? loadConfig().JUDGE0_PREFIX;
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(overrides),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
        MetricsModule,
        TenantsModule,
        SubmissionsModule,
        CatalogModule,
        ProblemsModule,
        HealthModule,
        PistonModule,
        Judge0Module,
        ...(judge0Prefix ? [RouterModule.register([{ path: judge0Prefix, module: Judge0Module }])] : []),
      ],
    };
  }
}
