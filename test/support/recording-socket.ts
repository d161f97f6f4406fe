import WebSocket from 'ws';

/** A message the server sent, parsed. */
export type Received = Record<string, any>;

export interface RecordingSocket {
  send(message: Record<string, unknown>): void;
  sendRaw(text: string): void;
  /** Resolves with the first message of this type (already received or still to come). */
  next(type: string): Promise<Received>;
  /** Resolves once the text of stdout received so far contains `text`. */
  stdout(text: string): Promise<void>;
  /** Drops the connection without a close handshake, as a client that vanished. */
  terminate(): void;
  /** Resolves when the server closes the socket, with everything received. */
  closed: Promise<{ code: number; reason: string; received: Received[] }>;
}

export interface RecordingSocketOptions {
  /** The `Origin` header a browser would send. */
  origin?: string;
  /** The stdout text a message carries, if it is a stdout message of the protocol. */
  stdoutOf: (message: Received) => string | undefined;
}

/** A `ws` client that records every JSON message until the close (the Piston and live sockets' tests). */
export async function connectRecording(
  url: string,
  options: RecordingSocketOptions,
): Promise<RecordingSocket> {
  const ws = new WebSocket(url, options.origin === undefined ? {} : { origin: options.origin });
  const received: Received[] = [];
  const waiters: { type: string; resolve: (m: Received) => void }[] = [];
  const outputWaiters: { text: string; resolve: () => void }[] = [];
  let stdout = '';
  ws.on('message', (raw: WebSocket.RawData) => {
    const message = JSON.parse((raw as Buffer).toString('utf8')) as Received;
    received.push(message);
    for (const w of waiters.filter((x) => x.type === message.type)) w.resolve(message);
    stdout += options.stdoutOf(message) ?? '';
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
