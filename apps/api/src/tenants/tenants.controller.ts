import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import { PRIORITY_CLASSES, quotaFrom, type Limits } from '@judgebox/domain';
import { ApiKeyError, type ApiKey } from './api-key.store';
import type { KeyUsage } from './key-usage';
import { currentRequest } from './request-context';
import { Access } from './route-access.decorator';
import { TenantsRepository } from './tenants.repository';

/** POST /v1/admin/keys; the same fields as `npm run keys -- create`. */
export class CreateKeyDto {
  @IsString() name!: string;
  /** `N/s`, `N/m` or `N/h`. */
  @IsOptional() @IsString() rate?: string;
  @IsOptional() @IsInt() concurrency?: number;
  @IsOptional() @IsInt() cpuSecondsPerDay?: number;
  @IsOptional() @IsIn(Object.keys(PRIORITY_CLASSES)) priority?: string;
  /** Caps of client limits (default and maximum for this key), e.g. `{"cpuTimeMs": 1000}`. */
  @IsOptional() @IsObject() limits?: Partial<Limits>;
}

@ApiTags('keys')
@Controller({ version: '1' })
export class TenantsController {
  constructor(private readonly tenants: TenantsRepository) {}

  @Get('usage')
  @ApiOperation({
    summary: "The calling API key's quota and counters (in-flight submissions, CPU-seconds today)",
  })
  async usage(): Promise<KeyUsage | { key: null; message: string }> {
    const key = currentRequest()?.tenant;
    if (!key)
      return { key: null, message: 'no API key was given (the service is open: no key is configured)' };
    return this.tenants.usage(key);
  }

  @Post('admin/keys')
  @Access('admin')
  @ApiOperation({ summary: 'Admin: create an API key; its token is in this answer only' })
  async create(@Body() body: CreateKeyDto): Promise<{ key: ApiKey; token: string }> {
    const { quota, problems } = quotaFrom(body);
    if (problems.length > 0) throw new BadRequestException(problems);
    await this.tenants.ready();
    return this.tenants.keys.create(body.name, quota).catch((err: Error) => {
      throw err instanceof ApiKeyError ? new BadRequestException([err.message]) : err;
    });
  }

  @Get('admin/keys')
  @Access('admin')
  @ApiOperation({ summary: 'Admin: every API key, revoked ones included (never their tokens)' })
  async list(): Promise<ApiKey[]> {
    await this.tenants.ready();
    return this.tenants.keys.list();
  }

  @Delete('admin/keys/:key')
  @Access('admin')
  @ApiOperation({ summary: 'Admin: revoke a key (by id or name), at once on every API process' })
  async revoke(@Param('key') idOrName: string): Promise<ApiKey> {
    await this.tenants.ready();
    const key = await this.tenants.keys.revoke(idOrName);
    if (!key) throw new NotFoundException(`no API key ${idOrName}`);
    return key;
  }

  @Get('admin/keys/:key/usage')
  @Access('admin')
  @ApiOperation({ summary: "Admin: a key's quota and counters" })
  async keyUsage(@Param('key') idOrName: string): Promise<KeyUsage> {
    await this.tenants.ready();
    const key = await this.tenants.keys.find(idOrName);
    if (!key) throw new NotFoundException(`no API key ${idOrName}`);
    return this.tenants.usage(key);
  }
}
