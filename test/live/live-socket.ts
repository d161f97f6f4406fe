import WebSocket from 'ws';
import { connectRecording, type Received, type RecordingSocket } from '../support/recording-socket';

export type { Received };
export type LiveTestSocket = RecordingSocket;

/** A client on the native live socket that records every message until the close. */
export function connectLive(url: string): Promise<LiveTestSocket> {
  return connectRecording(url, {
    stdoutOf: (m) => (m.type === 'output' && m.stream === 'stdout' ? outputText(m) : undefined),
  });
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
