import { setTimeout as sleep } from 'node:timers/promises';
import type { JobState } from 'bullmq';
import {
  longestRunMs,
  SubmissionState,
  type LiveServerMessage,
  type LiveStageName,
  type SubmissionView,
} from '@judgebox/domain';
import type { InteractiveOutput } from '@judgebox/queue';
import type { InteractiveChannel } from '../queue/interactive-channels';
import { LiveError } from './live-error';
import { LiveOutput } from './live-output';
import { ProgressTracker } from './progress-tracker';

/** What relaying needs of the socket and of the job, so it stays apart from both. */
export interface LiveRelayPorts {
  send(message: LiveServerMessage): void;
  /** Bytes the socket still holds for a slow client; reading pauses above SOCKET_BACKLOG_BYTES. */
  backlog(): number;
  isOpen(): boolean;
  jobState(): Promise<{ state: JobState | 'unknown' }>;
  /** The submission as GET shows it; null once it expired. */
  view(): Promise<SubmissionView | null>;
  /** Removes the job if no worker took it yet. */
  withdraw(): Promise<void>;
}

export interface LiveRelayBounds {
  /** Bytes of each stream sent per phase: the run's output limit, the compile's. */
  outputBytes: Record<LiveStageName, number>;
  /** Longest wait for a worker to take the job (WAIT_TIMEOUT_MS). */
  queueWaitMs: number;
}

const SOCKET_BACKLOG_BYTES = 1_048_576;
/** Beyond compile and run limits: container start, unpacking, reading the cgroup. */
const RUN_SLACK_MS = 30_000;
/** After the worker is done, its result is stored within moments; read this often until it is. */
const FINAL_POLL_MS = 50;
const FINAL_WAIT_MS = 10_000;

/**
 * Relays one live job's messages (the streams Piston's socket uses too) as the native protocol
 * until the worker is done, then sends what the stored result adds and `finished`.
 */
export async function relayLive(
  channel: InteractiveChannel,
  ports: LiveRelayPorts,
  bounds: LiveRelayBounds,
): Promise<void> {
  const output = new LiveOutput(bounds.outputBytes);
  const tracker = new ProgressTracker();
  const queuedAt = Date.now();
  const deadline = queuedAt + bounds.queueWaitMs + longestRunMs() + RUN_SLACK_MS;
  for await (const message of channel.events()) {
    if (message === null) {
      if (Date.now() > deadline)
        throw new LiveError('unavailable', 'the program did not end within its limits');
      if (await jobEnded(ports, Date.now() - queuedAt > bounds.queueWaitMs)) break;
      continue;
    }
    if (message.type === 'done') break;
    for (const m of translate(message, output, tracker)) ports.send(m);
    while (ports.isOpen() && ports.backlog() > SOCKET_BACKLOG_BYTES) await sleep(20);
  }
  if (!ports.isOpen()) return;
  for (const m of output.flush()) ports.send({ type: 'output', ...m });
  const view = await finalView(ports);
  for (const event of tracker.finish(view)) ports.send(event);
}

function translate(
  message: Exclude<InteractiveOutput, { type: 'done' }>,
  output: LiveOutput,
  tracker: ProgressTracker,
): LiveServerMessage[] {
  switch (message.type) {
    case 'stage':
      return [
        ...output.startStage(message.stage).map((m) => ({ type: 'output' as const, ...m })),
        { type: 'stage', stage: message.stage },
      ];
    case 'data':
      return output.add(message.stream, message.data).map((m) => ({ type: 'output' as const, ...m }));
    case 'exit':
      return output.flush().map((m) => ({ type: 'output' as const, ...m }));
    case 'progress': {
      const news = tracker.accept(message.event);
      return news ? [news] : [];
    }
  }
}

/** Checked when the worker has been quiet a while: a job that ended without a word ends the relay. */
async function jobEnded(ports: LiveRelayPorts, waitedTooLong: boolean): Promise<boolean> {
  const { state } = await ports.jobState();
  switch (state) {
    case 'failed':
    case 'completed':
    case 'unknown':
      return true;
    case 'active':
      return false;
    case 'waiting':
    case 'delayed':
    case 'prioritized':
    case 'waiting-children':
      if (!waitedTooLong) return false;
      await ports.withdraw();
      throw new LiveError('unavailable', 'no worker was free to run the program; try again later');
  }
}

async function finalView(ports: LiveRelayPorts): Promise<SubmissionView> {
  const until = Date.now() + FINAL_WAIT_MS;
  for (;;) {
    const view = await ports.view();
    if (!view) throw new LiveError('internalError', 'the submission vanished before its result');
    if (view.state === SubmissionState.Finished) return view;
    if (Date.now() > until) throw new LiveError('internalError', 'the result was not stored in time');
    await sleep(FINAL_POLL_MS);
  }
}
