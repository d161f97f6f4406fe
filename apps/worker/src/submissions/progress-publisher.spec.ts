import type { Redis } from 'ioredis';
import { PROGRESS } from '@judgebox/queue';
import { ProgressPublisher } from './progress-publisher';

interface Fake {
  redis: Redis;
  added: string[];
  looks: () => number;
  release: () => void;
  follow: (on: boolean) => void;
}

/**
 * A Redis whose transactions record their XADDs and settle when `release` is called, and whose
 * listen key exists while `follow(true)`.
 */
function fakeRedis(followed = true): Fake {
  const added: string[] = [];
  let release = (): void => undefined;
  let looks = 0;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const multi = () => {
    const tx = {
      xadd: (...args: string[]) => (added.push(args.at(-1)!), tx),
      expire: () => tx,
      exec: () => gate.then(() => []),
    };
    return tx;
  };
  const exists = () => (looks++, Promise.resolve(followed ? 1 : 0));
  const redis = { multi, exists } as unknown as Redis;
  return { redis, added, looks: () => looks, release, follow: (on) => (followed = on) };
}

const types = (added: string[]) => added.map((m) => (JSON.parse(m) as { type: string }).type);

describe('ProgressPublisher', () => {
  it('writes each event of a followed submission in order, then done', async () => {
    const { redis, added, release } = fakeRedis();
    const progress = new ProgressPublisher(redis, 'p', 'id');
    progress.publish({ type: 'compiled', compile: null });
    release();
    await progress.close();
    expect(types(added)).toEqual(['compiled', 'done']);
  });

  it('writes nothing for a submission nobody follows, after one look', async () => {
    const fake = fakeRedis(false);
    fake.release();
    const progress = new ProgressPublisher(fake.redis, 'p', 'id');
    progress.publish({ type: 'compiled', compile: null });
    await progress.close();
    expect(fake.added).toEqual([]);
    expect(fake.looks()).toBe(1);
  });

  it('writes what it held once a reader comes', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const fake = fakeRedis(false);
      fake.release();
      const progress = new ProgressPublisher(fake.redis, 'p', 'id');
      progress.publish({ type: 'compiled', compile: null });
      await jest.advanceTimersByTimeAsync(PROGRESS.listenRecheckMs);
      fake.follow(true);
      const closing = progress.close();
      await jest.advanceTimersByTimeAsync(0);
      await closing;
      expect(types(fake.added)).toEqual(['compiled', 'done']);
      expect(fake.looks()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not hold the job while Redis does not answer', async () => {
    const { redis } = fakeRedis(); // never released
    const progress = new ProgressPublisher(redis, 'p', 'id');
    progress.publish({ type: 'compiled', compile: null });
    const started = Date.now();
    await progress.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
