import type { Redis } from 'ioredis';
import { ProgressPublisher } from './progress-publisher';

/** A Redis whose transactions record their XADDs and settle when `release` is called. */
function fakeRedis(): { redis: Redis; added: string[]; release: () => void } {
  const added: string[] = [];
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const multi = () => {
    const tx = {
      xadd: (...args: string[]) => (added.push(args.at(-1)!), tx),
      expire: () => tx,
      exec: () => gate.then(() => []),
    };
    return tx;
  };
  return { redis: { multi } as unknown as Redis, added, release };
}

describe('ProgressPublisher', () => {
  it('writes each event in order, then done', async () => {
    const { redis, added, release } = fakeRedis();
    const progress = new ProgressPublisher(redis, 'p', 'id');
    progress.publish({ type: 'compiled', compile: null });
    release();
    await progress.close();
    expect(added.map((m) => (JSON.parse(m) as { type: string }).type)).toEqual(['compiled', 'done']);
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
