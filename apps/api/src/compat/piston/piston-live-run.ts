import { ServiceUnavailableException } from '@nestjs/common';
import type { JobState } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { StringDecoder } from 'node:string_decoder';
import { longestRunMs } from '@judgebox/domain';
import type { InteractiveOutput, LiveStage, LiveStream } from '@judgebox/queue';
import type { InteractiveChannel } from '../../queue/interactive-channels';
import { toPistonStage } from './piston-result';

/** What relaying needs of the socket and of the job, so it stays apart from both. */
export interface LiveRunPorts {
  send(message: Record<string, unknown>): void;
  /** Bytes the socket still holds for a slow client; reading pauses above SOCKET_BACKLOG_BYTES. */
  backlog(): number;
  isOpen(): boolean;
  jobState(): Promise<{ state: JobState | 'unknown'; failedReason: string }>;
  /** Removes the job if no worker took it yet. */
  withdraw(): Promise<void>;
}

export interface LiveRunBounds {
  /** Bytes of each stream sent per stage: the run's output limit, the compile's. */
  outputBytes: Record<LiveStage, number>;
  /** Longest wait for a worker to take the job (WAIT_TIMEOUT_MS). */
  queueWaitMs: number;
}

const SOCKET_BACKLOG_BYTES = 1_048_576;
/** Beyond compile and run limits: container start, unpacking, reading the cgroup. */
const RUN_SLACK_MS = 30_000;

/**
 * Relays one interactive job's messages to the socket as Piston's events (`stage`, `data`,
 * `exit`) until the worker says it is done, or the job is seen to have ended without saying so.
 */
export async function relayLiveRun(
  channel: InteractiveChannel,
  ports: LiveRunPorts,
  bounds: LiveRunBounds,
): Promise<void> {
  const relay = new Relay(ports, bounds);
  const queuedAt = Date.now();
  // A job that outlives every limit it could have (its worker hung) ends the session all the same.
  const deadline = queuedAt + bounds.queueWaitMs + longestRunMs() + RUN_SLACK_MS;
  for await (const message of channel.events()) {
    if (message === null) {
      if (Date.now() > deadline)
        throw new ServiceUnavailableException('the program did not end within its limits');
      if (await jobEnded(ports, relay, Date.now() - queuedAt > bounds.queueWaitMs)) return;
      continue;
    }
    if (message.type === 'done') return relay.done(message.error);
    relay.apply(message);
    while (ports.isOpen() && ports.backlog() > SOCKET_BACKLOG_BYTES) await sleep(20);
  }
}

/** Checked when the worker has been quiet a while: a job that failed or vanished ends the relay. */
async function jobEnded(ports: LiveRunPorts, relay: Relay, waitedTooLong: boolean): Promise<boolean> {
  const { state, failedReason } = await ports.jobState();
  switch (state) {
    case 'failed':
      relay.done(failedReason || 'the sandbox failed');
      return true;
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
      throw new ServiceUnavailableException('no worker was free to run the program; try again later');
  }
}

/** Output is text as Piston sends it: a character cut between two chunks is decoded whole. */
class Relay {
  private stage: LiveStage = 'run';
  private decoders: Record<LiveStream, StringDecoder> = fresh();
  private sent: Record<LiveStream, number> = { stdout: 0, stderr: 0 };

  constructor(
    private readonly ports: LiveRunPorts,
    private readonly bounds: LiveRunBounds,
  ) {}

  apply(message: Exclude<InteractiveOutput, { type: 'done' }>): void {
    switch (message.type) {
      case 'stage':
        this.stage = message.stage;
        this.decoders = fresh();
        this.sent = { stdout: 0, stderr: 0 };
        return this.ports.send({ type: 'stage', stage: message.stage });
      case 'data':
        return this.data(message.stream, message.data);
      case 'progress':
        return; // Piston has no such events
      case 'exit': {
        for (const stream of ['stdout', 'stderr'] as const) this.text(stream, this.decoders[stream].end());
        const { code, signal, status, message: reason } = toPistonStage(message.result);
        return this.ports.send({ type: 'exit', stage: message.stage, code, signal, status, message: reason });
      }
    }
  }

  /** A worker failure (the sandbox, not the program): an XX exit as in the REST answer. */
  done(error: string | null): void {
    if (error === null) return;
    this.ports.send({
      type: 'exit',
      stage: this.stage,
      code: null,
      signal: null,
      status: 'XX',
      message: error,
    });
  }

  /** The worker already caps output; this keeps the socket within the cap whatever it gets. */
  private data(stream: LiveStream, data: Buffer): void {
    const room = this.bounds.outputBytes[this.stage] - this.sent[stream];
    if (room <= 0) return;
    const kept = data.subarray(0, room);
    this.sent[stream] += kept.length;
    this.text(stream, this.decoders[stream].write(kept));
  }

  private text(stream: LiveStream, text: string): void {
    if (text.length > 0) this.ports.send({ type: 'data', stream, data: text });
  }
}

function fresh(): Record<LiveStream, StringDecoder> {
  return { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
}
