import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LANGUAGES, type SubmissionBody } from '@judgebox/domain';
import { UsageError } from './cli-args';

/** The submission body of a source file: its language from `--lang` or its extension. */
export function sourceBody(file: string, lang: string | null): SubmissionBody {
  const language = lang ?? languageOf(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return { language, source };
}

function languageOf(file: string): string {
  const ext = extname(file).toLowerCase();
  const found = ext ? LANGUAGES.find((l) => l.sourceExtension === ext) : undefined;
  if (!found) throw new UsageError(`cannot tell the language of ${file}: give --lang`);
  return found.id;
}

export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** A file's bytes as a body field: text when it is UTF-8, else base64. */
export function contentOf(file: string): { text: string; encoding: 'utf8' | 'base64' } {
  const bytes = readBytes(file);
  return isUtf8(bytes)
    ? { text: bytes.toString('utf8'), encoding: 'utf8' }
    : { text: bytes.toString('base64'), encoding: 'base64' };
}
