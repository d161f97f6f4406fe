import {
  errorFromResponse,
  JudgeboxAuthError,
  JudgeboxError,
  JudgeboxNotFoundError,
  JudgeboxUnavailableError,
  JudgeboxValidationError,
} from './errors';
import { fromBase64, toBase64 } from './base64';
import { readSse } from './sse';

describe('client errors', () => {
  it('maps each status to its class, keeping the body and its sentences', () => {
    const bad = errorFromResponse(
      400,
      { message: ['language is unknown'], errors: [{ field: 'language', message: 'is unknown' }] },
      null,
    );
    expect(bad).toBeInstanceOf(JudgeboxValidationError);
    expect(bad.message).toBe('language is unknown');
    expect((bad as JudgeboxValidationError).errors).toEqual([{ field: 'language', message: 'is unknown' }]);
    expect(errorFromResponse(404, { message: 'gone' }, null)).toBeInstanceOf(JudgeboxNotFoundError);
    expect(errorFromResponse(401, {}, null)).toBeInstanceOf(JudgeboxAuthError);
    const busy = errorFromResponse(503, { message: 'queue is full' }, '5');
    expect(busy).toBeInstanceOf(JudgeboxUnavailableError);
    expect((busy as JudgeboxUnavailableError).retryAfterSeconds).toBe(5);
    const other = errorFromResponse(500, 'oops', null);
    expect(other).toBeInstanceOf(JudgeboxError);
    expect([other.message, other.status, other.name]).toEqual(['oops', 500, 'JudgeboxError']);
  });
});

describe('base64 and SSE helpers', () => {
  it('round-trips bytes through base64', () => {
    const bytes = new Uint8Array([0, 255, 1, 254, 128]);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });

  it('parses events split anywhere across chunks, skipping comments', async () => {
    const text = ': hi\n\nevent: compiled\ndata: {"a":1}\n\nevent: finished\r\ndata: x\ndata: y\n\n';
    const chunks = [text.slice(0, 7), text.slice(7, 30), text.slice(30)];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });
    const got = [];
    for await (const m of readSse(body)) got.push(m);
    expect(got).toEqual([
      { event: 'compiled', data: '{"a":1}' },
      { event: 'finished', data: 'x\ny' },
    ]);
  });
});
