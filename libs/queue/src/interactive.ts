import type { PhaseResult } from '@judgebox/domain';
import { decodeProgress, type ProgressEvent } from './progress';

/**
 * Live I/O of an interactive job (the Piston socket): two Redis streams per job, one written by
 * the API and read by the worker (stdin, end of input, kill), one written by the worker and read
 * by the API (stage, output, exit, done). Each entry is one field `m` holding JSON.
 */
export const INTERACTIVE = {
  /** Entries kept per stream (XADD MAXLEN ~): far above what a reader lets pile up. */
  maxLen: 10_000,
  /** Keys expire this long after the last write while the job runs, so a lost job leaves nothing. */
  liveTtlSeconds: 600,
  /** And this long after the job ended, for a reader still draining the last entries. */
  endedTtlSeconds: 30,
  /** One blocking read waits at most this long, so a reader notices its close or a dead job. */
  blockMs: 1_000,
  /** Output of one stream is coalesced this long, up to `chunkBytes`, before it is written. */
  flushMs: 10,
  chunkBytes: 65_536,
} as const;

export type LiveStage = 'compile' | 'run';
export type LiveStream = 'stdout' | 'stderr';

/** API → worker. `kill` stops whatever phase runs now and every phase after it. */
export type InteractiveInput =
  { type: 'stdin'; data: Buffer } | { type: 'eof' } | { type: 'kill'; reason: 'signal' | 'disconnect' };

/**
 * Worker → API. `exit` carries the phase's measured facts (its output went as `data`); `progress`
 * a compile or test-case result (the native socket relays them, Piston's ignores them); `done` is last.
 */
export type InteractiveOutput =
  | { type: 'stage'; stage: LiveStage }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'data'; stream: LiveStream; data: Buffer }
  | { type: 'exit'; stage: LiveStage; result: PhaseResult }
  | { type: 'done'; error: string | null };

export function interactiveInputKey(prefix: string, jobId: string): string {
  return `${prefix}:interactive:${jobId}:in`;
}

export function interactiveOutputKey(prefix: string, jobId: string): string {
  return `${prefix}:interactive:${jobId}:out`;
}

type Wire = Record<string, unknown>;

/** One stream entry's `m` field; Buffers travel as base64. */
export function encodeLive(message: InteractiveInput | InteractiveOutput): string {
  const wire: Wire = { ...message };
  if ('data' in message) wire.data = message.data.toString('base64');
  return JSON.stringify(wire);
}

/** Parses an entry written by `encodeLive`; null for anything else (never trusted blindly). */
export function decodeInput(text: string): InteractiveInput | null {
  const m = parse(text);
  switch (m?.type) {
    case 'stdin':
      return typeof m.data === 'string' ? { type: 'stdin', data: Buffer.from(m.data, 'base64') } : null;
    case 'eof':
      return { type: 'eof' };
    case 'kill':
      return { type: 'kill', reason: m.reason === 'signal' ? 'signal' : 'disconnect' };
    default:
      return null;
  }
}

export function decodeOutput(text: string): InteractiveOutput | null {
  const m = parse(text);
  const stage = m?.stage === 'compile' || m?.stage === 'run' ? m.stage : null;
  switch (m?.type) {
    case 'stage':
      return stage && { type: 'stage', stage };
    case 'data':
      return (m.stream === 'stdout' || m.stream === 'stderr') && typeof m.data === 'string'
        ? { type: 'data', stream: m.stream, data: Buffer.from(m.data, 'base64') }
        : null;
    case 'exit':
      return stage && typeof m.result === 'object' && m.result !== null
        ? { type: 'exit', stage, result: m.result as PhaseResult }
        : null;
    case 'progress': {
      const event = decodeProgress(JSON.stringify(m.event));
      return event && event.type !== 'done' ? { type: 'progress', event } : null;
    }
    case 'done':
      return { type: 'done', error: typeof m.error === 'string' ? m.error : null };
    default:
      return null;
  }
}

function parse(text: string): Wire | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Wire) : null;
  } catch {
    return null;
  }
}

/** The entries' `m` fields of one XREAD reply on one stream, with the last id read. */
export function entriesOf(reply: [string, [string, string[]][]][] | null): {
  lastId: string | null;
  texts: string[];
} {
  const entries = reply?.[0]?.[1] ?? [];
  const texts = entries.flatMap(([, fields]) => {
    const i = fields.indexOf('m');
    return i >= 0 && i % 2 === 0 && fields[i + 1] !== undefined ? [fields[i + 1]] : [];
  });
  return { lastId: entries.at(-1)?.[0] ?? null, texts };
}
