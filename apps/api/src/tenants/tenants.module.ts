import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { Authenticator } from './authenticator';
import { TenantAdmission } from './tenant-admission.service';
import { TenantsController } from './tenants.controller';
import { TenantsRepository } from './tenants.repository';

/** API keys, their quotas and the one guard every route goes through (docs/operations.md). */
@Global()
@Module({
  controllers: [TenantsController],
  providers: [
    TenantsRepository,
    TenantAdmission,
    Authenticator,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [TenantAdmission, Authenticator],
})
export class TenantsModule {}
