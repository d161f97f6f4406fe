/**
 * The framed protocol between the worker and a sandbox's PID 1 (sandbox-images/jbinit/jbinit.c,
 * which documents it): a frame is a type byte, a big-endian u32 payload length, the payload.
 */
export const INIT_PROTOCOL_VERSION = 3;

/** Largest frame jbinit accepts; stdin is sent in chunks well below it. */
const MAX_FRAME = 1 << 20;
export const STDIN_CHUNK = 64 * 1024;

export type InitEvent =
  | { type: 'hello'; version: number }
  | { type: 'stdout' | 'stderr'; data: Buffer }
  | { type: 'exit'; status: number; elapsedNs: number }
  | { type: 'error'; message: string };

function frame(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** Starts `cmd`; at most `outputCap` + 1 bytes per stream come back (the cap's overflow is seen). */
export function runFrame(cmd: string[], outputCap: number): Buffer {
  if (cmd.length === 0 || cmd.some((a) => a.includes('\0')))
    throw new Error('a command needs a name and no NUL bytes');
  const cap = Buffer.alloc(4);
  cap.writeUInt32BE(Math.min(outputCap, 0xfffffffe), 0);
  const payload = Buffer.concat([cap, ...cmd.map((a) => Buffer.from(`${a}\0`, 'utf8'))]);
  if (payload.length > MAX_FRAME) throw new Error('command line too long');
  return frame('R', payload);
}

/** Stdin for the running command, as frames of at most STDIN_CHUNK bytes. */
export function stdinFrames(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += STDIN_CHUNK)
    out.push(frame('I', data.subarray(at, at + STDIN_CHUNK)));
  return out;
}

export const CLOSE_STDIN_FRAME = frame('C');
export const KILL_ALL_FRAME = frame('K');

/** Exit code as the engine reports one: the code, or 128 + the signal that killed the process. */
export function exitCodeOf(waitStatus: number): number {
  const signal = waitStatus & 0x7f;
  return signal === 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
}

/**
 * Splits jbinit's stdout into events; bytes of a frame may arrive in any number of chunks. Nothing
 * is concatenated: a payload wholly inside one chunk is a view of that chunk, one split across
 * chunks is filled into a buffer of its announced size. An output event's `data` may thus be a
 * view of the pushed chunk: whoever keeps it copies it (OutputCollector does).
 */
export class InitFrameDecoder {
  private readonly head = Buffer.alloc(5);
  private headLen = 0;
  /** The payload of a frame split across chunks, and how much of it has arrived. */
  private body: Buffer | null = null;
  private bodyLen = 0;

  push(chunk: Buffer): InitEvent[] {
    const events: InitEvent[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.body) {
        at += this.fillHead(chunk, at);
        if (this.headLen < 5) break;
        const len = this.head.readUInt32BE(1);
        if (len > MAX_FRAME + 1) throw new Error(`init frame of ${len} bytes: the stream is corrupt`);
        if (chunk.length - at >= len) {
          events.push(this.complete(chunk.subarray(at, at + len)));
          at += len;
          continue;
        }
        this.body = Buffer.allocUnsafe(len);
        this.bodyLen = 0;
      }
      const n = chunk.copy(
        this.body,
        this.bodyLen,
        at,
        Math.min(chunk.length, at + this.body.length - this.bodyLen),
      );
      this.bodyLen += n;
      at += n;
      if (this.bodyLen === this.body.length) events.push(this.complete(this.body));
    }
    return events;
  }

  private fillHead(chunk: Buffer, at: number): number {
    const n = chunk.copy(this.head, this.headLen, at, Math.min(chunk.length, at + 5 - this.headLen));
    this.headLen += n;
    return n;
  }

  private complete(payload: Buffer): InitEvent {
    const type = String.fromCharCode(this.head[0]);
    this.headLen = 0;
    this.body = null;
    return decode(type, payload);
  }
}

function decode(type: string, p: Buffer): InitEvent {
  switch (type) {
    case 'H':
      return { type: 'hello', version: p.readUInt32BE(0) };
    case 'O':
      return { type: 'stdout', data: p };
    case 'E':
      return { type: 'stderr', data: p };
    case 'X':
      return { type: 'exit', status: p.readInt32BE(0), elapsedNs: Number(p.readBigUInt64BE(4)) };
    case 'F':
      return { type: 'error', message: p.toString('utf8') };
    default:
      throw new Error(`unknown init frame type ${JSON.stringify(type)}`);
  }
}
