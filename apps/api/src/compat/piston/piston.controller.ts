import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  UseFilters,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PistonExceptionFilter } from './piston-errors';
import { toPistonResponse, type PistonResponse } from './piston-result';
import { PistonService, type PistonRuntime } from './piston.service';

/** Piston API v2 (engineer-man/piston, docs/api-v2.md): runtimes and execute; see docs/piston.md. */
@ApiTags('piston v2 compatibility')
@Controller({ path: 'api/v2', version: VERSION_NEUTRAL })
@UseFilters(PistonExceptionFilter)
export class PistonController {
  constructor(private readonly piston: PistonService) {}

  @Get('runtimes')
  @ApiOperation({
    summary: 'Piston: languages whose version a worker has reported, version coerced to semver',
  })
  runtimes(): Promise<PistonRuntime[]> {
    return this.piston.runtimes();
  }

  /**
   * The body is typed as a plain object so the global pipe leaves it alone: Piston's checks come
   * first (with its messages), then the native rules, both inside the service.
   */
  @Post('execute')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Piston: run code once and answer with its compile and run stages' })
  @ApiBody({ schema: { type: 'object', description: 'Piston v2 execute request' } })
  @ApiOkResponse({ description: '{language, version, compile?, run}' })
  @ApiBadRequestResponse({ description: '{"message": "..."}' })
  async execute(@Body() body: Record<string, unknown>): Promise<PistonResponse> {
    const job = await this.piston.prepare(body, true);
    return toPistonResponse(await this.piston.run(job));
  }
}
