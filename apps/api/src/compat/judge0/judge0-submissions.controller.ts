import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '../../tenants/route-access.decorator';
import { Judge0ExceptionFilter } from './judge0-errors';
import { Judge0SubmissionsService, parseQuery } from './judge0-submissions.service';

type Params = Record<string, unknown>;

/**
 * Judge0 CE's submission routes. Bodies and queries are plain objects (the global ValidationPipe
 * leaves them alone): Judge0's own rules and error shapes apply here. Batch routes come first so
 * `batch` is never taken for a token.
 */
@ApiExcludeController()
@Access('judge0')
@UseFilters(Judge0ExceptionFilter)
@Controller('submissions')
export class Judge0SubmissionsController {
  constructor(private readonly submissions: Judge0SubmissionsService) {}

  @Post('batch')
  async createBatch(
    @Body() body: unknown,
    @Query() query: Params,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<object[]> {
    const { base64 } = parseQuery({ base64_encoded: query.base64_encoded });
    const { status, body: out } = await this.submissions.createBatch(body, base64);
    res.status(status);
    return out;
  }

  @Get('batch')
  showBatch(@Query() query: Params): Promise<object> {
    return this.submissions.showBatch(query.tokens, parseQuery(query));
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  create(@Body() body: unknown, @Query() query: Params): Promise<object> {
    return this.submissions.create(body, parseQuery(query));
  }

  @Get(':token')
  show(@Param('token') token: string, @Query() query: Params): Promise<object> {
    return this.submissions.show(token, parseQuery(query));
  }

  @Delete(':token')
  delete(@Param('token') token: string, @Query() query: Params): Promise<object> {
    return this.submissions.delete(token, parseQuery(query).fields);
  }
}
