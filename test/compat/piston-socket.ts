import { connectRecording, type Received, type RecordingSocket } from '../support/recording-socket';

export type { Received };
export type TestSocket = RecordingSocket;

/** A client on the Piston socket that records every message until the close. */
export function connect(url: string, origin?: string): Promise<TestSocket> {
  return connectRecording(url, {
    origin,
    stdoutOf: (m) => (m.type === 'data' && m.stream === 'stdout' ? String(m.data) : undefined),
  });
}

/** Text of every `data` event of one stream, in order. */
export function streamText(received: Received[], stream: string): string {
  return received
    .filter((m) => m.type === 'data' && m.stream === stream)
    .map((m) => String(m.data))
    .join('');
}

/** An `init` message for Python with `source` as main.py. */
export function pythonInit(source: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'init',
    language: 'python',
    version: '*',
    files: [{ name: 'main.py', content: source }],
    ...extra,
  };
}
