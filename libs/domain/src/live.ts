import type { FileEncoding, PhaseResult, SubmissionView, TestCaseResult } from './submission';
import type { SubmissionBody } from './submission-body';

/**
 * Progress of one submission while it is judged, as `GET /v1/submissions/:id/events` (Server-Sent
 * Events, the event name is `type`) and the live socket send it: `compiled` once (`compile` is null
 * for a language without a compile phase), one `testCase` per finished test case of a judged
 * submission (the worker's per-case result as it is; a retried job may send a case again), then
 * `finished` with the submission as `GET /v1/submissions/:id` shows it.
 */
export type SubmissionEvent =
  | { type: 'compiled'; compile: PhaseResult | null }
  | { type: 'testCase'; testCase: TestCaseResult }
  | { type: 'finished'; submission: SubmissionView };

export type LiveStageName = 'compile' | 'run';
export type LiveStreamName = 'stdout' | 'stderr';

/** What a client sends on the native live socket (`/v1/live`), one JSON object per message. */
export type LiveClientMessage =
  /** First message: the native submission body. */
  | { type: 'start'; submission: SubmissionBody }
  /** Bytes for the running program's stdin (not for judged submissions). */
  | { type: 'stdin'; data: string; encoding?: FileEncoding }
  /** Closes the program's stdin. */
  | { type: 'eof' }
  /** Stops the program (and every phase after it). */
  | { type: 'kill' };

/** What the server sends on the live socket. */
export type LiveServerMessage =
  /** The submission was queued under this id (GET /v1/submissions/:id and its events work too). */
  | { type: 'accepted'; id: string }
  /** A phase started: each test case of a judged submission is a `run`. */
  | { type: 'stage'; stage: LiveStageName }
  /**
   * Output as it is printed: text while it is valid UTF-8 (a character cut between two chunks is
   * sent whole with the later one), otherwise base64; at most the phase's `outputBytes` per stream.
   */
  | { type: 'output'; stream: LiveStreamName; data: string; encoding: FileEncoding }
  | SubmissionEvent
  /** Sent just before the socket closes with `code`; `body` is the API's error body (e.g. a 400). */
  | { type: 'error'; code: number; message: string; body?: unknown };

/**
 * Close codes of the live socket. A protocol error sends an `error` message first. Codes of the
 * WebSocket standard also occur: 1000 after `finished`, 1001 when the API shuts down, 1009 for a
 * message larger than BODY_LIMIT_BYTES.
 */
export const LIVE_CLOSE = {
  finished: [1000, 'Finished'],
  badMessage: [4000, 'Bad message'],
  startTimeout: [4001, 'Start timeout'],
  alreadyStarted: [4002, 'Already started'],
  notStarted: [4003, 'Not started'],
  invalidSubmission: [4004, 'Invalid submission'],
  idleTimeout: [4008, 'Idle timeout'],
  tooManyMessages: [4009, 'Too many messages'],
  stdinTooLarge: [4010, 'Stdin too large'],
  unavailable: [4503, 'Unavailable'],
  internalError: [4500, 'Internal error'],
} as const satisfies Record<string, readonly [number, string]>;

export type LiveCloseName = keyof typeof LIVE_CLOSE;
