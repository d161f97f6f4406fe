import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { CreateSubmissionDto } from '../../submissions/create-submission.dto';
import { toNativeSubmission } from '../../submissions/native-submission';
import { judge0Language, JUDGE0_MULTI_FILE_ID } from './judge0-languages';
import { judge0Field, metaOf, toNativeBody, type Judge0FieldErrors, type Judge0Meta } from './judge0-request';
import { BASE64_INPUT, Judge0SubmissionDto, JUDGE0_SUBMISSION_FIELDS } from './judge0-submission.dto';

/** One Judge0 submission read from the wire: the native submission it maps to, or Judge0's 422 errors. */
export interface Judge0Input {
  dto: Judge0SubmissionDto;
  native: { dto: CreateSubmissionDto } | { errors: Judge0FieldErrors };
  meta: Judge0Meta;
}

/** Fields that are base64 on input: wrapped base64 (Ruby's encode64, Python's encodebytes) is unwrapped first. */
const BASE64_FIELDS = ['source_code', 'stdin', 'expected_output'];

function unwrapBase64(plain: Record<string, unknown>, base64: boolean): Record<string, unknown> {
  const out = { ...plain };
  for (const field of [...(base64 ? BASE64_FIELDS : []), 'additional_files']) {
    const value = out[field];
    if (typeof value === 'string') out[field] = value.replace(/\s+/g, '');
  }
  return out;
}

/** Judge0's own rules on its fields, each field's messages as Judge0 lists them. */
async function judge0Dto(body: unknown, base64: boolean): Promise<[Judge0SubmissionDto, Judge0FieldErrors]> {
  const plain =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const picked = Object.fromEntries(
    JUDGE0_SUBMISSION_FIELDS.filter((f) => f in plain).map((f) => [f, plain[f]]),
  );
  const dto = plainToInstance(Judge0SubmissionDto, unwrapBase64(picked, base64));
  dto[BASE64_INPUT] = base64;
  const own = await validate(dto, { stopAtFirstError: true, forbidUnknownValues: false });
  const errors: Judge0FieldErrors = {};
  for (const e of own) errors[e.property] = Object.values(e.constraints ?? {});
  return [dto, errors];
}

/**
 * Judge0's rules, then the native rules on the native body (once, through toNativeSubmission);
 * refused native fields are keyed back by the Judge0 field they came from. `callbackRefusal`
 * says why a callback URL may not be called, or null.
 */
export async function toJudge0Input(
  body: unknown,
  base64: boolean,
  callbackRefusal: (url: string) => Promise<string | null>,
): Promise<Judge0Input> {
  const [dto, errors] = await judge0Dto(body, base64);
  const language = typeof dto.language_id === 'number' ? judge0Language(dto.language_id) : undefined;
  const meta = metaOf(dto, dto.language_id ?? 0, base64);
  if (Object.keys(errors).length > 0 || !language) return { dto, native: { errors }, meta };
  if (dto.callback_url) {
    const refusal = await callbackRefusal(dto.callback_url);
    if (refusal) return { dto, native: { errors: { callback_url: [refusal] } }, meta };
  }
  const nativeBody = toNativeBody(dto, language.spec, base64);
  if (!('language' in nativeBody)) return { dto, native: { errors: nativeBody as Judge0FieldErrors }, meta };
  const native = await toNativeSubmission(nativeBody);
  if ('dto' in native) return { dto, native, meta };
  for (const { field, message } of native.errors)
    (errors[judge0Field(field, language.id === JUDGE0_MULTI_FILE_ID)] ??= []).push(message);
  return { dto, native: { errors }, meta };
}
