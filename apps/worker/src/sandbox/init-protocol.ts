/**
 * The framed protocol between the worker and a sandbox's PID 1 (sandbox-images/jbinit/jbinit.c,
 * which documents it): a frame is a type byte, a big-endian u32 payload length, the payload.
 */
export const INIT_PROTOCOL_VERSION = 8;

/** Largest frame jbinit accepts; stdin is sent in chunks well below it. */
const MAX_FRAME = 1 << 20;
export const STDIN_CHUNK = 64 * 1024;

export type InitEvent =
  | { type: 'hello'; version: number }
  | { type: 'stdout' | 'stderr'; data: Buffer }
  /** A held command reached its exec (jbwait marked): the cgroup's CPU ns then, if known. */
  | { type: 'started'; cpuNs: number | null }
  | { type: 'exit'; status: number; elapsedNs: number }
  | { type: 'files'; errno: number; message: string }
  | { type: 'error'; message: string };

function frame(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** Output cap, then NUL-terminated strings: the payload of 'R', 'P' and 'G'. */
function commandPayload(outputCap: number, strings: string[]): Buffer {
  if (strings.some((a) => a.includes('\0'))) throw new Error('a command line has no NUL bytes');
  const cap = Buffer.alloc(4);
  cap.writeUInt32BE(Math.min(outputCap, 0xfffffffe), 0);
  const payload = Buffer.concat([cap, ...strings.map((a) => Buffer.from(`${a}\0`, 'utf8'))]);
  if (payload.length > MAX_FRAME) throw new Error('command line too long');
  return payload;
}

/**
 * Starts `cmd`; at most `outputCap` + 1 bytes per stream come back (the cap's overflow is seen).
 * `fd3`, when given, is a file the init opens read-only as the command's fd 3.
 */
export function runFrame(cmd: string[], outputCap: number, fd3 = ''): Buffer {
  if (cmd.length === 0) throw new Error('a command needs a name');
  return frame('R', commandPayload(outputCap, [fd3, ...cmd]));
}

/** In every image, beside the init (jbwait.c): ends a held command (holdFrame). */
export const JBWAIT = '/usr/local/bin/jbwait';

/**
 * Starts `cmd` held, as 'R' would with `fd3`: its output, stdin and end wait for goFrame, and
 * JBWAIT at the end of `cmd` reads the command line goFrame sends, marks (the init
 * then reports 'started'), and execs it.
 */
export function holdFrame(cmd: string[], fd3 = ''): Buffer {
  if (cmd.length === 0) throw new Error('a command needs a name');
  return frame('P', commandPayload(0, [fd3, ...cmd]));
}

/** Runs `cmd` as the held command, from now on as if runFrame had started it. */
export function goFrame(cmd: string[], outputCap: number): Buffer {
  if (cmd.length === 0) throw new Error('a command needs a name');
  return frame('G', commandPayload(outputCap, cmd));
}

/** Stdin for the running command, as frames of at most STDIN_CHUNK bytes. */
export function stdinFrames(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += STDIN_CHUNK)
    out.push(frame('I', data.subarray(at, at + STDIN_CHUNK)));
  return out;
}

/**
 * What the init does for a files frame: make a directory, or a file with its content; or, with
 * `removeNamesStartingWith`, remove from the directory `path` every entry whose name starts with it
 * ('' for every entry), with all it holds (symlinks removed, never followed).
 */
export interface InitEntry {
  /** Absolute, with no empty, `.` or `..` component. */
  path: string;
  mode: number;
  /** A file's bytes; a directory has none. */
  content?: Buffer;
  removeNamesStartingWith?: string;
}

/** Bytes before an entry's path: kind, mode, size. */
const ENTRY_HEAD = 9;
/** Longest path an entry may carry, with its NUL (PATH_MAX). */
const MAX_PATH = 4096;
/** What a files frame carries at most, well under MAX_FRAME. */
const FILES_CHUNK = MAX_FRAME - 64 * 1024;
/** A file's bytes per entry: room is left for the entry's head and path. */
const FILE_PIECE = FILES_CHUNK - ENTRY_HEAD - MAX_PATH;

/**
 * The entries as files frames, in order, each at most MAX_FRAME bytes: a file larger than a frame
 * goes on as 'a' (append) entries in the frames after.
 */
export function filesFrames(entries: InitEntry[]): Buffer[] {
  const frames: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length > 0) frames.push(frame('U', Buffer.concat(parts)));
    parts = [];
    size = 0;
  };
  const add = (kind: 'd' | 'f' | 'a' | 'x', e: InitEntry, data: Buffer): void => {
    const path = Buffer.from(`${e.path}\0`, 'utf8');
    if (path.length > MAX_PATH || e.path.includes('\0')) throw new Error(`bad sandbox path ${e.path}`);
    const head = Buffer.alloc(ENTRY_HEAD);
    head.write(kind, 0, 'latin1');
    head.writeUInt32BE(e.mode, 1);
    head.writeUInt32BE(data.length, 5);
    if (size + head.length + path.length + data.length > FILES_CHUNK) flush();
    parts.push(head, path, data);
    size += head.length + path.length + data.length;
  };
  for (const e of entries) {
    if (e.removeNamesStartingWith !== undefined) {
      add('x', e, Buffer.from(e.removeNamesStartingWith, 'utf8'));
      continue;
    }
    if (!e.content) {
      add('d', e, Buffer.alloc(0));
      continue;
    }
    add('f', e, e.content.subarray(0, FILE_PIECE));
    for (let at = FILE_PIECE; at < e.content.length; at += FILE_PIECE)
      add('a', e, e.content.subarray(at, at + FILE_PIECE));
  }
  flush();
  return frames;
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
    case 'S': {
      const cpu = p.readBigUInt64BE(0);
      return { type: 'started', cpuNs: cpu === 0xffffffffffffffffn ? null : Number(cpu) };
    }
    case 'X':
      return { type: 'exit', status: p.readInt32BE(0), elapsedNs: Number(p.readBigUInt64BE(4)) };
    case 'A':
      return { type: 'files', errno: p.readUInt32BE(0), message: p.subarray(4).toString('utf8') };
    case 'F':
      return { type: 'error', message: p.toString('utf8') };
    default:
      throw new Error(`unknown init frame type ${JSON.stringify(type)}`);
  }
}
