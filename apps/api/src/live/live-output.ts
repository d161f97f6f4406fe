import { isUtf8 } from 'node:buffer';
import {
  compileLimitsOf,
  findLanguage,
  type FileEncoding,
  type LiveStageName,
  type LiveStreamName,
  type SubmissionRequest,
} from '@judgebox/domain';

/** The output limits of a queued request's compile and run: those the worker enforces. */
export function outputCaps(request: SubmissionRequest): Record<LiveStageName, number> {
  // The API resolved both when it built the request; the catalog is only read for an older job.
  const compile = request.compileLimits ?? compileLimitsOf(request, findLanguage(request.language));
  return { run: request.limits.outputBytes, compile: compile.outputBytes };
}

export interface OutputChunk {
  stream: LiveStreamName;
  data: string;
  encoding: FileEncoding;
}

/**
 * Turns a phase's output chunks into the live socket's `output` messages with the batch result's
 * rules: at most the phase's `outputBytes` per stream, text while the bytes are valid UTF-8 and
 * base64 otherwise. A character cut between two chunks is held back and sent whole with the next.
 */
export class LiveOutput {
  private sent: Record<LiveStreamName, number> = { stdout: 0, stderr: 0 };
  private held: Record<LiveStreamName, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  private caps: Record<LiveStageName, number>;
  private stage: LiveStageName = 'run';

  constructor(caps: Record<LiveStageName, number>) {
    this.caps = caps;
  }

  /** A new phase: counts and held bytes start over; what was held is returned first. */
  startStage(stage: LiveStageName): OutputChunk[] {
    const rest = this.flush();
    this.stage = stage;
    this.sent = { stdout: 0, stderr: 0 };
    return rest;
  }

  add(stream: LiveStreamName, data: Buffer): OutputChunk[] {
    const room = this.caps[this.stage] - this.sent[stream];
    if (room <= 0) return [];
    const kept = data.subarray(0, room);
    this.sent[stream] += kept.length;
    const bytes = Buffer.concat([this.held[stream], kept]);
    const cut = incompleteTail(bytes);
    this.held[stream] = Buffer.from(bytes.subarray(bytes.length - cut));
    return chunk(stream, bytes.subarray(0, bytes.length - cut));
  }

  /** Bytes held back at the end of a phase are sent as they are (base64 when not UTF-8). */
  flush(): OutputChunk[] {
    return (['stdout', 'stderr'] as const).flatMap((stream) => {
      const bytes = this.held[stream];
      this.held[stream] = Buffer.alloc(0);
      return chunk(stream, bytes);
    });
  }
}

function chunk(stream: LiveStreamName, bytes: Buffer): OutputChunk[] {
  if (bytes.length === 0) return [];
  return isUtf8(bytes)
    ? [{ stream, data: bytes.toString('utf8'), encoding: 'utf8' }]
    : [{ stream, data: bytes.toString('base64'), encoding: 'base64' }];
}

/** Length of an unfinished UTF-8 sequence at the end of `b` (0 when it ends on a whole character). */
export function incompleteTail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const byte = b[b.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte >= 0xf8) return 0; // never part of UTF-8: nothing to wait for
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
