import { BadRequestException } from '@nestjs/common';
import {
  compileLimits,
  LIMIT_RANGES,
  maxLimit,
  type LanguageSpec,
  type LimitName,
  type Limits,
} from '@judgebox/domain';

/** Piston's way to refuse a request: 400 with `{message}` (the adapter's filter keeps that shape). */
export class PistonRequestError extends BadRequestException {
  constructor(message: string) {
    super({ message });
  }
}

export const PISTON_ENCODINGS = ['utf8', 'base64', 'hex'] as const;

interface PistonFile {
  name?: string;
  content: string;
  encoding: (typeof PISTON_ENCODINGS)[number];
}

/** The fields of an execute request (or a WebSocket `init`) once Piston's own type checks passed. */
export interface PistonJobRequest {
  language: string;
  version: string;
  files: PistonFile[];
  stdin?: unknown;
  args?: unknown;
  limits: Partial<Record<PistonLimitName, number>>;
}

/**
 * Piston's stage limits and the native limit each maps to. Run limits become the submission's
 * limits; compile limits are checked against the server's compile limits and otherwise ignored,
 * because the native API chooses the compile limits itself.
 */
const PISTON_LIMITS = {
  run_timeout: { stage: 'run', limit: 'wallTimeMs', bytes: false },
  run_cpu_time: { stage: 'run', limit: 'cpuTimeMs', bytes: false },
  run_memory_limit: { stage: 'run', limit: 'memoryMb', bytes: true },
  compile_timeout: { stage: 'compile', limit: 'wallTimeMs', bytes: false },
  compile_cpu_time: { stage: 'compile', limit: 'cpuTimeMs', bytes: false },
  compile_memory_limit: { stage: 'compile', limit: 'memoryMb', bytes: true },
} as const satisfies Record<string, { stage: 'run' | 'compile'; limit: LimitName; bytes: boolean }>;

export type PistonLimitName = keyof typeof PISTON_LIMITS;
const PISTON_LIMIT_NAMES = Object.keys(PISTON_LIMITS) as PistonLimitName[];
const MIB = 1_048_576;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Piston's own checks (types only), with Piston's messages; the native rules run afterwards. */
export function checkPistonRequest(body: unknown): PistonJobRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new PistonRequestError('the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.language !== 'string' || b.language === '')
    throw new PistonRequestError('language is required as a string');
  if (typeof b.version !== 'string' || b.version === '')
    throw new PistonRequestError('version is required as a string');
  if (!Array.isArray(b.files)) throw new PistonRequestError('files is required as an array');
  const files = b.files.map(checkFile);
  if (!files.some((f) => f.encoding === 'utf8'))
    throw new PistonRequestError('files must include at least one utf8 encoded file');
  const limits: PistonJobRequest['limits'] = {};
  for (const name of PISTON_LIMIT_NAMES) {
    const value = b[name];
    // As Piston: absent, null and 0 all mean "the default".
    if (value === undefined || value === null || value === 0) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new PistonRequestError(`If specified, ${name} must be a number`);
    limits[name] = value;
  }
  return { language: b.language, version: b.version, files, stdin: b.stdin, args: b.args, limits };
}

function checkFile(file: unknown, i: number): PistonFile {
  const f = (typeof file === 'object' && file !== null ? file : {}) as Record<string, unknown>;
  if (typeof f.content !== 'string')
    throw new PistonRequestError(`files[${i}].content is required as a string`);
  if (f.name !== undefined && f.name !== null && typeof f.name !== 'string')
    throw new PistonRequestError(`files[${i}].name must be a string`);
  const encoding = f.encoding ?? 'utf8';
  if (!PISTON_ENCODINGS.includes(encoding as PistonFile['encoding']))
    throw new PistonRequestError(`files[${i}].encoding must be one of ${PISTON_ENCODINGS.join(', ')}`);
  if (encoding === 'hex' && !HEX.test(f.content))
    throw new PistonRequestError(`files[${i}].content must be valid hex (encoding is "hex")`);
  return { name: f.name ?? undefined, content: f.content, encoding: encoding as PistonFile['encoding'] };
}

/**
 * The body of a native POST /v1/submissions for this Piston request; it still has to pass the
 * native validation. `appendNewline` adds the trailing newline Piston's REST execute adds to stdin.
 */
export function toSubmissionBody(
  req: PistonJobRequest,
  lang: LanguageSpec,
  appendNewline: boolean,
): Record<string, unknown> {
  // Piston compiles and runs its utf8 files only, the first of them being the entry.
  const entryIndex = req.files.findIndex((f) => f.encoding === 'utf8');
  const files = req.files.map((f, i) => ({
    name: f.name ?? (i === entryIndex ? lang.sourceFile : `file${i}${lang.sourceExtension}`),
    // The native API takes utf8 and base64; hex is re-encoded, the bytes are the same.
    content: f.encoding === 'hex' ? Buffer.from(f.content, 'hex').toString('base64') : f.content,
    encoding: f.encoding === 'hex' ? 'base64' : f.encoding,
  }));
  let stdin = req.stdin ?? '';
  if (appendNewline && typeof stdin === 'string' && !stdin.endsWith('\n')) stdin += '\n';
  return {
    language: lang.id,
    files,
    entry: files[entryIndex].name,
    stdin,
    ...(req.args === undefined || req.args === null ? {} : { args: req.args }),
    limits: runLimits(req.limits, lang),
  };
}

/** The native run limits a request asks for; refuses, as Piston does, any limit above the maximum. */
function runLimits(requested: PistonJobRequest['limits'], lang: LanguageSpec): Partial<Limits> {
  const out: Partial<Limits> = {};
  const compile = compileLimits(lang.compileLimitOverrides);
  for (const name of PISTON_LIMIT_NAMES) {
    const value = requested[name];
    if (value === undefined) continue;
    const { stage, limit, bytes } = PISTON_LIMITS[name];
    const nativeMax = stage === 'run' ? maxLimit(limit, lang.limitOverrides) : compile[limit];
    const max = bytes ? nativeMax * MIB : nativeMax;
    // -1 asks for the configured maximum, for memory as in Piston.
    if (bytes && value === -1) {
      if (stage === 'run') out[limit] = nativeMax;
      continue;
    }
    if (value < 0) throw new PistonRequestError(`${name} must be non-negative`);
    if (value > max) throw new PistonRequestError(`${name} cannot exceed the configured limit of ${max}`);
    if (stage === 'compile') continue;
    const min = bytes ? LIMIT_RANGES[limit].min * MIB : LIMIT_RANGES[limit].min;
    if (value < min) throw new PistonRequestError(`${name} must be at least ${min}`);
    // Whole MiB and ms, rounded down: never more than was asked for.
    out[limit] = Math.floor(bytes ? value / MIB : value);
  }
  return out;
}
