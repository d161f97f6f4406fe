import type { AppConfig } from '@judgebox/config';
import { imageName, LANGUAGES } from '@judgebox/domain';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import type { ReadySandbox, SandboxFactory } from './sandbox-factory';
import { POOL_CREATIONS_AT_ONCE, SandboxPool } from './sandbox-pool';

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
