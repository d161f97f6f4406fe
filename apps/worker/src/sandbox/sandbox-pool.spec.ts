import type { AppConfig } from '@judgebox/config';
import { imageName, LANGUAGES } from '@judgebox/domain';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import type { ReadySandbox, SandboxFactory } from './sandbox-factory';
import { POOL_CREATIONS_AT_ONCE, RETURN_WAIT_MS, SandboxPool } from './sandbox-pool';

/** A factory whose creations finish only when the test lets them, counting those in flight. */
function slowFactory() {
  const waiting: (() => void)[] = [];
  const state = { inFlight: 0, most: 0, created: 0 };
  const factory = {
    create: (image: string) =>
      new Promise<ReadySandbox>((resolve) => {
        state.inFlight++;
        state.most = Math.max(state.most, state.inFlight);
        waiting.push(() => {
          state.inFlight--;
          state.created++;
          resolve({ image } as ReadySandbox);
        });
      }),
    destroy: () => Promise.resolve(),
    discard: () => undefined,
  } as unknown as SandboxFactory;
  const finishAll = async (): Promise<void> => {
    while (waiting.length > 0) {
      for (const done of waiting.splice(0)) done();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { factory, state, finishAll };
}

const metrics = {
  observePool: () => undefined,
  sandboxAcquired: () => undefined,
} as unknown as WorkerMetrics;
const images = new Set(LANGUAGES.map((l) => imageName(l)));

describe('SandboxPool warming', () => {
  it(`creates at most ${POOL_CREATIONS_AT_ONCE} containers at once for all images, until each is full`, async () => {
    const { factory, state, finishAll } = slowFactory();
    const config = { SANDBOX_POOL: [{ image: '*', size: 2 }], WORKER_CONCURRENCY: 2 } as AppConfig;
    const pool = new SandboxPool(factory, config, metrics);
    pool.start();
    expect(state.inFlight).toBe(POOL_CREATIONS_AT_ONCE);
    await finishAll();
    expect(state.most).toBe(POOL_CREATIONS_AT_ONCE);
    expect(state.created).toBe(images.size * 2);
    for (const image of images) expect(pool.counts()[image]).toBe(2);
    await pool.close();
  });

  it('a submission finding no warm container creates its own at once, outside the bound', async () => {
    const { factory, state, finishAll } = slowFactory();
    const config = { SANDBOX_POOL: [{ image: '*', size: 1 }], WORKER_CONCURRENCY: 1 } as AppConfig;
    const pool = new SandboxPool(factory, config, metrics);
    pool.start();
    const cold = pool.acquire([...images][0], {} as never);
    expect(state.inFlight).toBe(POOL_CREATIONS_AT_ONCE + 1);
    await finishAll();
    await expect(cold).resolves.toMatchObject({ image: [...images][0] });
    await pool.close();
  });
});

describe('SandboxPool: slots on their way back (namespace isolation)', () => {
  const image = [...images][0];
  const served = { image, served: 1 } as ReadySandbox;
  const emptyPool = () => {
    const slow = slowFactory();
    const config = { SANDBOX_POOL: [{ image: '*', size: 0 }], WORKER_CONCURRENCY: 2 } as AppConfig;
    const pool = new SandboxPool(slow.factory, config, metrics);
    pool.start();
    return { ...slow, pool };
  };
  const tick = () => new Promise((r) => setImmediate(r));
  const settled = async <T>(p: Promise<T>): Promise<boolean> => {
    const marker = Symbol('pending');
    return (await Promise.race([p, new Promise((r) => setImmediate(() => r(marker)))])) !== marker;
  };

  it('a submission finding the pool empty waits for a slot being cleaned instead of creating a container', async () => {
    const { pool, state } = emptyPool();
    pool.expectBack(image);
    const taken = pool.acquire(image, {} as never);
    expect(await settled(taken)).toBe(false);
    expect(state.inFlight).toBe(0);
    pool.giveBack(served);
    await expect(taken).resolves.toBe(served);
    expect(state.inFlight + state.created).toBe(0);
    expect(pool.counts()[image] ?? 0).toBe(0);
    await pool.close();
  });

  it('only as many wait as there are slots coming back; the others create their own at once', async () => {
    const { pool, state, finishAll } = emptyPool();
    pool.expectBack(image);
    const first = pool.acquire(image, {} as never);
    const second = pool.acquire(image, {} as never);
    await tick();
    expect(state.inFlight).toBe(1);
    pool.giveBack(served);
    await expect(first).resolves.toBe(served);
    await finishAll();
    await expect(second).resolves.not.toBe(served);
    await pool.close();
  });

  it('a slot destroyed instead of coming back sends its waiter down the cold path', async () => {
    const { pool, state, finishAll } = emptyPool();
    pool.expectBack(image);
    pool.expectBack(image);
    const first = pool.acquire(image, {} as never);
    const second = pool.acquire(image, {} as never);
    await tick();
    expect(state.inFlight).toBe(0);
    pool.lost(image);
    await tick();
    expect(state.inFlight).toBe(1);
    pool.giveBack(served);
    await expect(first).resolves.toBe(served);
    await finishAll();
    await expect(second).resolves.toMatchObject({ image });
    // Nothing is left owed: a later submission with an empty pool creates at once.
    void pool.acquire(image, {} as never);
    await tick();
    expect(state.inFlight).toBe(1);
    await finishAll();
    await pool.close();
  });

  it('a slot coming back with nobody waiting goes to the idle list', async () => {
    const { pool } = emptyPool();
    pool.expectBack(image);
    pool.giveBack(served);
    expect(pool.counts()[image]).toBe(1);
    await expect(pool.acquire(image, {} as never)).resolves.toBe(served);
    await pool.close();
  });

  it(`a cleaning that hangs holds a submission ${RETURN_WAIT_MS} ms at most, then it creates its own`, async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { pool, state, finishAll } = emptyPool();
      pool.expectBack(image);
      const taken = pool.acquire(image, {} as never);
      jest.advanceTimersByTime(RETURN_WAIT_MS - 1);
      await tick();
      expect(state.inFlight).toBe(0);
      jest.advanceTimersByTime(1);
      await tick();
      expect(state.inFlight).toBe(1);
      await finishAll();
      await expect(taken).resolves.not.toBe(served);
      // The slot, back at last, waits in the idle list for the next submission.
      pool.giveBack(served);
      expect(pool.counts()[image]).toBe(1);
      await pool.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
