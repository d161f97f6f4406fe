import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SubmissionState } from '@judgebox/domain';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { SubmissionQueue } from '../../apps/api/src/queue/submission-queue.repository';
import { toSubmissionView } from '../../apps/api/src/submissions/submission-view';
import { TEST_REDIS_URL } from '../support/api';
import { testPrefix } from '../support/prefix';

type Hookable = Redis & { sendCommand(cmd: { resolve: (v: unknown) => void }, ...rest: unknown[]): unknown };

/**
 * A connection that, once armed, holds back the first reply it receives until `meanwhile` has run:
 * whatever a read does after its first round trip sees the world `meanwhile` left behind. A read
 * made of two round trips (the job, then its state) is split exactly there.
 */
function interleavingConnection(): { redis: Redis; arm: (meanwhile: () => Promise<void>) => void } {
  const redis = new Redis({ ...redisOptionsFromUrl(TEST_REDIS_URL) }) as Hookable;
  let pending: (() => Promise<void>) | null = null;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (cmd, ...rest) => {
    const meanwhile = pending;
    if (meanwhile) {
      pending = null;
      const resolve = cmd.resolve;
      cmd.resolve = (value: unknown) => void meanwhile().then(() => resolve(value));
    }
    return send(cmd, ...rest);
  };
  return { redis, arm: (meanwhile) => (pending = meanwhile) };
}

const data = {
  request: { language: 'python', limits: {} },
  createdAt: new Date().toISOString(),
};

describe('reading a submission while it finishes', () => {
  const prefix = testPrefix();
  const connection = redisOptionsFromUrl(TEST_REDIS_URL);
  const { redis, arm } = interleavingConnection();
  const readerQueue = new Queue(SUBMISSIONS_QUEUE, { connection: redis, prefix });
  const producer = new Queue(SUBMISSIONS_QUEUE, { connection, prefix });
  const worker = new Worker(SUBMISSIONS_QUEUE, null, { connection, prefix, autorun: false });
  const repository = new SubmissionQueue(readerQueue as never, null as never);

  afterAll(async () => {
    await producer.obliterate({ force: true });
    await Promise.all([worker.close(), producer.close(), readerQueue.close()]);
    redis.disconnect();
  });

  /** Queues a job and takes it as a worker would, so that it is active and can be completed. */
  async function activeJob(): Promise<{ id: string; complete: () => Promise<void> }> {
    const id = randomUUID();
    await producer.add('submission', data, { jobId: id });
    const token = randomUUID();
    const job = (await worker.getNextJob(token, { block: false })) as Job | undefined;
    expect(job?.id).toBe(id);
    return {
      id,
      complete: () =>
        job!.moveToCompleted({ verdict: 'accepted', nonce: id }, token, false).then(() => undefined),
    };
  }

  it('a job completing between round trips is seen before or after, never finished without its result', async () => {
    await readerQueue.waitUntilReady();
    const { id, complete } = await activeJob();
    arm(complete);
    const stored = await repository.read(id);
    expect(stored).not.toBeNull();
    const view = toSubmissionView(stored!.job, stored!.state);
    if (view.state === SubmissionState.Finished) expect(view.result).toMatchObject({ nonce: id });
    else expect(view.state).toBe('running');
    // And afterwards it is finished, with the result.
    const after = await repository.read(id);
    expect(toSubmissionView(after!.job, after!.state)).toMatchObject({
      state: 'finished',
      result: { nonce: id },
    });
  });

  it('the forced interleaving does split a read of two round trips (the old way), so the test above has teeth', async () => {
    const { id, complete } = await activeJob();
    arm(complete);
    const job = await readerQueue.getJob(id);
    const state = await job!.getState();
    expect(state).toBe('completed');
    expect(job!.returnvalue).toBeNull();
  });

  it('answers null for an unknown id and reads queued and active jobs in their states, and removes only jobs no worker holds', async () => {
    expect(await repository.read(randomUUID())).toBeNull();
    const { id } = await activeJob();
    expect((await repository.read(id))?.state).toBe('active');
    const queued = randomUUID();
    await producer.add('submission', data, { jobId: queued });
    expect((await repository.read(queued))?.state).toBe('waiting');
    expect(await repository.remove(queued)).toBe(true);
    expect(await repository.read(queued)).toBeNull();
    // A job a worker holds is locked: it is not removed.
    expect(await repository.remove(id)).toBe(false);
  });
});
