import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { AppConfig } from '@judgebox/config';
import { ContentTooLargeError, type StagedUpload } from '@judgebox/content-store';
import { fileNameProblem, LIMIT_RANGES, PROBLEM_BOUNDS } from '@judgebox/domain';
import { fieldErrorsException, NATIVE_VALIDATION, toFieldErrors } from '../../common/validation-errors';
import { toProblemView, type ProblemView } from '../problem-record';
import { ProblemDto } from '../problem.dto';
import { ProblemVersions, type VersionContent } from '../problem-versions';
import { ProblemsRepository } from '../problems.repository';
import {
  parsePolygonXml,
  PolygonPackageError,
  STANDARD_CHECKERS,
  type PolygonProblem,
} from './polygon-package';

/** problem.xml is read whole; real ones are a few KiB. */
const MAX_XML_BYTES = 1_048_576;

/**
 * Imports a Polygon package (its folder as a tar, optionally gzipped) as a new problem: the tests
 * of its "tests" testset become test cases naming the package's files, streamed into the content
 * store as the archive is read; its limits and standard checker become the judging.
 */
@Injectable()
export class PolygonImportService {
  constructor(
    private readonly repo: ProblemsRepository,
    private readonly versions: ProblemVersions,
    private readonly config: AppConfig,
  ) {}

  async import(body: AsyncIterable<Buffer>, gzipped: boolean): Promise<ProblemView> {
    const staged = new Map<string, StagedUpload>();
    try {
      const xml = await this.receive(body, gzipped, staged);
      const problem = parse(xml);
      const content = await judging(problem, staged);
      this.versions.checkSize(content.files);
      const used = problem.tests.flatMap((t) => [staged.get(t.input)!, staged.get(t.answer)!]);
      const record = await this.versions.create(randomUUID(), content, [...new Set(used)]);
      return toProblemView(record, await this.repo.versions(record.id));
    } finally {
      // Uploads committed with the version are gone from the staging area already.
      await Promise.all([...staged.values()].map((s) => this.repo.discard(s)));
    }
  }

  /** Reads the archive: stages every file under tests/, returns problem.xml. */
  private async receive(
    body: AsyncIterable<Buffer>,
    gzipped: boolean,
    staged: Map<string, StagedUpload>,
  ): Promise<string> {
    const extract = tarExtract();
    const source = Readable.from(body);
    const feeding = gzipped ? pipeline(source, createGunzip(), extract) : pipeline(source, extract);
    feeding.catch(() => undefined); // its error also ends the iteration below
    let xml: string | null = null;
    let room = this.config.PROBLEM_MAX_BYTES;
    try {
      for await (const entry of extract) {
        const data = entry as AsyncIterable<Buffer>;
        const name = entry.header.name.replace(/^(\.\/)+/, '');
        if (entry.header.type === 'file' && name === 'problem.xml') xml = await readSmall(data);
        else if (
          entry.header.type === 'file' &&
          name.startsWith('tests/') &&
          fileNameProblem(name) === null
        ) {
          if (staged.size >= PROBLEM_BOUNDS.files)
            throw new ConflictException(`the package has more than ${PROBLEM_BOUNDS.files} test files`);
          const upload = await this.repo.stage(data, room).catch((err: unknown) => {
            throw err instanceof ContentTooLargeError ? this.tooLarge() : err;
          });
          room -= upload.bytes;
          staged.set(name, upload);
        } else entry.resume();
      }
      await feeding;
    } catch (err) {
      extract.destroy();
      if (err instanceof HttpException) throw err;
      // The archive's own fault (bad tar or gzip) fails the feeding with it; anything else (Redis)
      // only cuts the feeding short.
      const archive = await feeding.then(
        () => null,
        (e: unknown) => e,
      );
      if (archive !== null && (archive as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        throw new BadRequestException(
          `the package is not a readable tar archive: ${(archive as Error).message}`,
        );
      throw err;
    }
    if (xml === null) throw new BadRequestException('the package has no problem.xml at its root');
    return xml;
  }

  private tooLarge(): PayloadTooLargeException {
    return new PayloadTooLargeException(
      `the package's tests exceed PROBLEM_MAX_BYTES (${this.config.PROBLEM_MAX_BYTES} bytes)`,
    );
  }
}

function parse(xml: string): PolygonProblem {
  try {
    return parsePolygonXml(xml);
  } catch (err) {
    if (err instanceof PolygonPackageError) throw new BadRequestException(err.message);
    throw err;
  }
}

/** The problem's judging as a ProblemDto would give it, checked by the same rules. */
async function judging(problem: PolygonProblem, staged: Map<string, StagedUpload>): Promise<VersionContent> {
  const checker = problem.checker === null ? undefined : STANDARD_CHECKERS[problem.checker];
  if (!checker)
    throw new BadRequestException(
      `checker ${problem.checker ?? '(none)'} is not supported: only testlib's standard checkers that a ` +
        `built-in comparison judges alike (${Object.keys(STANDARD_CHECKERS).join(', ')}); store a custom checker with the API's checker field`,
    );
  const missing = problem.tests.flatMap((t) => [t.input, t.answer]).filter((path) => !staged.has(path));
  if (missing.length > 0)
    throw new BadRequestException(
      `the package lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}: a standard ` +
        'Polygon package leaves generated tests out; import the full package',
    );
  const tl = problem.timeLimitMs;
  const body = {
    name: problem.name,
    testCases: problem.tests.map((t) => ({ stdinFile: t.input, expectedOutputFile: t.answer })),
    ...checker,
    limits: {
      cpuTimeMs: tl,
      // Polygon has no wall limit; three times the CPU limit, as judges commonly allow.
      wallTimeMs: Math.min(LIMIT_RANGES.wallTimeMs.max, Math.max(LIMIT_RANGES.wallTimeMs.min, 3 * tl)),
      memoryMb: Math.ceil(problem.memoryLimitBytes / 1_048_576),
    },
  };
  const errors = await validate(plainToInstance(ProblemDto, body), NATIVE_VALIDATION);
  if (errors.length > 0)
    throw fieldErrorsException(
      toFieldErrors(errors).map((e) => ({ field: `problem.xml: ${e.field}`, message: e.message })),
    );
  const files = Object.fromEntries(
    [...staged]
      .filter(([path]) => body.testCases.some((t) => t.stdinFile === path || t.expectedOutputFile === path))
      .map(([path, s]) => [path, { sha256: s.sha256, bytes: s.bytes }]),
  );
  const { name, limits, ...rest } = body;
  return { name, limits, judge: rest, files };
}

async function readSmall(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > MAX_XML_BYTES) throw new BadRequestException(`problem.xml exceeds ${MAX_XML_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
