import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ProblemSummary, ProblemView } from './problem-record';
import { ProblemDto } from './problem.dto';
import {
  ProblemFileParams,
  ProblemIdParams,
  ProblemListQuery,
  ProblemVersionQuery,
} from './problem-params.dto';
import { ProblemFilesService } from './problem-files.service';
import { ProblemsService } from './problems.service';
import { PolygonImportService } from './polygon/polygon-import.service';

/** The part of the response object these routes touch. */
interface LocatedResponse {
  setHeader(name: string, value: string): unknown;
}

/** Files are uploaded as raw bodies of this type, never inside JSON (body-parsing lets them through). */
export const PROBLEM_FILE_TYPE = 'application/octet-stream';
/** A Polygon package: its folder as a tar archive, or a gzipped one. */
export const PACKAGE_TYPES = ['application/x-tar', 'application/gzip', 'application/x-gzip'] as const;

@ApiTags('problems')
@Controller({ path: 'problems', version: '1' })
export class ProblemsController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly files: ProblemFilesService,
    private readonly polygon: PolygonImportService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Store a problem (version 1); answers its id' })
  async create(
    @Body() body: ProblemDto,
    @Res({ passthrough: true }) res: LocatedResponse,
  ): Promise<ProblemView> {
    const view = await this.problems.create(body);
    res.setHeader('Location', `/v1/problems/${view.id}`);
    return view;
  }

  @Post('polygon')
  @ApiConsumes(...PACKAGE_TYPES)
  @ApiOperation({ summary: 'Store a problem from a Polygon package (its folder as tar or tar.gz)' })
  async importPolygon(
    @Headers('content-type') type: string | undefined,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: LocatedResponse,
  ): Promise<ProblemView> {
    try {
      const kind = PACKAGE_TYPES.find((t) => type?.toLowerCase().startsWith(t));
      if (!kind)
        throw new UnsupportedMediaTypeException(`a package is sent as ${PACKAGE_TYPES.join(' or ')}`);
      const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
      const view = await this.polygon.import(body, kind !== 'application/x-tar');
      res.setHeader('Location', `/v1/problems/${view.id}`);
      return view;
    } catch (err) {
      req.resume();
      throw err;
    }
  }

  @Get()
  @ApiOperation({ summary: 'Problems, oldest first, each with its current version' })
  async list(@Query() query: ProblemListQuery): Promise<{ problems: ProblemSummary[] }> {
    return { problems: await this.problems.list(query.offset ?? 0, query.limit ?? 100) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A version of a problem (default: the current one), its files listed by hash' })
  find(@Param() params: ProblemIdParams, @Query() query: ProblemVersionQuery): Promise<ProblemView> {
    return this.problems.find(params.id, query.version);
  }

  @Put(':id')
  @ApiOperation({ summary: "Replace the problem's judging (a new version; its files stay)" })
  replace(@Param() params: ProblemIdParams, @Body() body: ProblemDto): Promise<ProblemView> {
    return this.problems.replace(params.id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a problem; submissions already queued against it are still judged' })
  remove(@Param() params: ProblemIdParams): Promise<void> {
    return this.problems.remove(params.id);
  }

  @Put(':id/files/:name')
  @ApiConsumes(PROBLEM_FILE_TYPE)
  @ApiOperation({ summary: 'Add or replace a file (raw body, streamed into the store; a new version)' })
  async putFile(
    @Param() params: ProblemFileParams,
    @Headers('content-type') type: string | undefined,
    @Req() req: IncomingMessage,
  ): Promise<ProblemView> {
    try {
      if (!type?.toLowerCase().startsWith(PROBLEM_FILE_TYPE))
        throw new UnsupportedMediaTypeException(`a problem file is uploaded as ${PROBLEM_FILE_TYPE}`);
      const length = req.headers['content-length'];
      const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
      return await this.files.put(params.id, params.name, body, length ? Number(length) : undefined);
    } catch (err) {
      // The rest of a refused body is read and dropped, so the client gets to read the answer.
      req.resume();
      throw err;
    }
  }

  @Delete(':id/files/:name')
  @ApiOperation({ summary: 'Remove a file no test case names (a new version)' })
  removeFile(@Param() params: ProblemFileParams): Promise<ProblemView> {
    return this.files.remove(params.id, params.name);
  }

  @Get(':id/files/:name')
  @ApiOperation({ summary: 'Download a file of a version (default: the current one)' })
  async getFile(
    @Param() params: ProblemFileParams,
    @Query() query: ProblemVersionQuery,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const { ref, body } = await this.files.read(params.id, params.name, query.version);
    res.setHeader('Content-Type', PROBLEM_FILE_TYPE);
    res.setHeader('Content-Length', String(ref.bytes));
    res.setHeader('ETag', `"${ref.sha256}"`);
    await pipeline(Readable.from(body), res);
  }
}
