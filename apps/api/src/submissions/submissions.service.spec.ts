import type { AppConfig } from '@judgebox/config';
import type { CreateSubmissionDto } from './create-submission.dto';
import type { SubmissionEvents } from '../queue/submission-events';
import { SubmissionsService } from './submissions.service';

/** A queue that only counts: `waiting` jobs, and how often it was asked. */
function fakeQueue(waiting: { n: number }) {
  const queue = {
    counted: 0,
    count: () => {
      queue.counted++;
      return Promise.resolve({ waiting: waiting.n, prioritized: 0, delayed: 0 });
    },
    add: (data: unknown, opts: { jobId: string }) => {
      waiting.n++;
      return Promise.resolve({ id: opts.jobId, data, timestamp: Date.now() });
    },
  };
  return queue;
}

const dto = { language: 'python', source: 'print(1)' } as CreateSubmissionDto;

function service(maxQueued: number, waiting: { n: number }) {
  const queue = fakeQueue(waiting);
  const config = { MAX_QUEUED: maxQueued, RESULT_TTL_SECONDS: 60, WAIT_TIMEOUT_MS: 0 } as AppConfig;
  return {
    queue,
    svc: new SubmissionsService(queue as never, {} as SubmissionEvents, config, {} as never),
  };
}

describe('SubmissionsService: the MAX_QUEUED check', () => {
  it('counts on every POST near the limit and refuses at it', async () => {
    const waiting = { n: 0 };
    const { queue, svc } = service(3, waiting);
    for (let i = 0; i < 3; i++) await svc.submit(dto, false);
    await expect(svc.submit(dto, false)).rejects.toThrow(/queue is full/);
    expect(queue.counted).toBe(4);
  });

  it('far from the limit, counts again only after an eighth of the room it saw', async () => {
    const waiting = { n: 0 };
    const { queue, svc } = service(801, waiting);
    for (let i = 0; i < 101; i++) await svc.submit(dto, false);
    // first count: room 800, so the next 100 are let in without counting
    expect(queue.counted).toBe(1);
    await svc.submit(dto, false);
    expect(queue.counted).toBe(2);
  });

  it('never lets more than MAX_QUEUED wait when eight API processes fill the queue at once', async () => {
    const waiting = { n: 0 };
    const apis = Array.from({ length: 8 }, () => service(1000, waiting).svc);
    let refused = 0;
    for (let round = 0; round < 200; round++) {
      for (const api of apis) await api.submit(dto, false).catch(() => refused++);
    }
    expect(waiting.n).toBeLessThanOrEqual(1000);
    expect(refused).toBeGreaterThan(0);
  });
});
