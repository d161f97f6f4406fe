import WebSocket from 'ws';

/** A message the server sent, parsed. */
export type Received = Record<string, any>;

export interface LiveTestSocket {
  send(message: Record<string, unknown>): void;
  sendRaw(text: string): void;
  /** Resolves with the first message of this type (already received or still to come). */
  next(type: string): Promise<Received>;
  /** Resolves once the text of stdout received so far contains `text`. */
  stdout(text: string): Promise<void>;
  terminate(): void;
  /** Resolves when the socket closes, with everything received. */
  closed: Promise<{ code: number; reason: string; received: Received[] }>;
}

/** A `ws` client on the native live socket that records every message until the close. */
export async function connectLive(url: string): Promise<LiveTestSocket> {
  const ws = new WebSocket(url);
  const received: Received[] = [];
  const waiters: { type: string; resolve: (m: Received) => void }[] = [];
  const outputWaiters: { text: string; resolve: () => void }[] = [];
  let stdout = '';
  ws.on('message', (raw: WebSocket.RawData) => {
    const message = JSON.parse((raw as Buffer).toString('utf8')) as Received;
    received.push(message);
    for (const w of waiters.filter((x) => x.type === message.type)) w.resolve(message);
    if (message.type === 'output' && message.stream === 'stdout') stdout += outputText(message);
    for (const w of outputWaiters.filter((x) => stdout.includes(x.text))) w.resolve();
  });
  const closed = new Promise<{ code: number; reason: string; received: Received[] }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), received })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (text) => ws.send(text),
    next: (type) =>
      new Promise((resolve) => {
        const seen = received.find((m) => m.type === type);
        if (seen) resolve(seen);
        else waiters.push({ type, resolve });
      }),
    stdout: (text) =>
      new Promise((resolve) => {
        if (stdout.includes(text)) resolve();
        else outputWaiters.push({ text, resolve });
      }),
    terminate: () => ws.terminate(),
    closed,
  };
}

function outputText(message: Received): string {
  return message.encoding === 'base64'
    ? Buffer.from(message.data, 'base64').toString('latin1')
    : message.data;
}

/** Bytes of every `output` message of one stream, in order. */
export function outputBytes(received: Received[], stream: string): Buffer {
  return Buffer.concat(
    received
      .filter((m) => m.type === 'output' && m.stream === stream)
      .map((m) => Buffer.from(m.data, m.encoding === 'base64' ? 'base64' : 'utf8')),
  );
}

/** The upgrade's HTTP status when the server refuses the socket. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the socket was accepted')));
    ws.on('error', () => undefined);
  });
}
