import type { RawData } from 'ws';

/** A client message once checked; stdin is decoded to bytes. */
export type ClientMessage =
  | { type: 'start'; submission: Record<string, unknown> }
  | { type: 'stdin'; data: Buffer }
  | { type: 'eof' }
  | { type: 'kill' };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The message, or a sentence saying why it is refused. The submission itself is validated later. */
export function parseClientMessage(raw: RawData): ClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(rawText(raw));
  } catch {
    return 'a message must be valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a message must be a JSON object';
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'start':
      return typeof m.submission === 'object' && m.submission !== null && !Array.isArray(m.submission)
        ? { type: 'start', submission: m.submission as Record<string, unknown> }
        : 'start needs submission: the body of POST /v1/submissions';
    case 'stdin':
      return stdin(m);
    case 'eof':
    case 'kill':
      return { type: m.type };
    default:
      return 'type must be one of "start", "stdin", "eof", "kill"';
  }
}

function stdin(m: Record<string, unknown>): ClientMessage | string {
  if (typeof m.data !== 'string') return 'stdin needs data: a string';
  const encoding = m.encoding ?? 'utf8';
  if (encoding === 'utf8') return { type: 'stdin', data: Buffer.from(m.data, 'utf8') };
  if (encoding !== 'base64') return 'encoding must be "utf8" or "base64"';
  if (m.data.length % 4 !== 0 || !BASE64.test(m.data)) return 'data is not valid base64';
  return { type: 'stdin', data: Buffer.from(m.data, 'base64') };
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}
