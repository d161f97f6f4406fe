import { Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { EngineWatch, type EngineHandlers } from './engine-watch.service';

/** A stand-in engine whose events stream and ping the test controls (the real one is in test/chaos). */
function fakeEngine() {
  const engine = { alive: true, streams: [] as PassThrough[] };
  const docker = {
    ping: () => (engine.alive ? Promise.resolve('OK') : Promise.reject(new Error('connect ENOENT'))),
    getEvents: () => {
      if (!engine.alive) return Promise.reject(new Error('connect ENOENT'));
      const s = new PassThrough();
      engine.streams.push(s);
      return Promise.resolve(s);
    },
  };
  return { engine, docker: docker as unknown as Docker };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('EngineWatch', () => {
  beforeAll(() => Logger.overrideLogger(false)); // its warnings are the expected ones here
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  function start(back: () => Promise<void> = () => Promise.resolve()) {
    const { engine, docker } = fakeEngine();
    const watch = new EngineWatch(docker);
    const handlers: EngineHandlers & { lost: jest.Mock; ready: jest.Mock } = {
      lost: jest.fn(),
      back: jest.fn(back),
      ready: jest.fn(),
    };
    watch.start(handlers);
    return { engine, watch, handlers };
  }

  it('is down as soon as the events stream ends, and up again once back() succeeded', async () => {
    const { engine, watch, handlers } = start();
    await flush();
    engine.alive = false;
    engine.streams[0].end();
    engine.streams[0].resume();
    await flush();
    expect(watch.up).toBe(false);
    expect(handlers.lost).toHaveBeenCalledTimes(1);
    expect(watch.outageCount).toBe(1);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(handlers.back).not.toHaveBeenCalled();
    engine.alive = true;
    await jest.advanceTimersByTimeAsync(2_000);
    expect(handlers.back).toHaveBeenCalledTimes(1);
    expect(handlers.ready).toHaveBeenCalledTimes(1);
    expect(watch.up).toBe(true);
    expect(engine.streams).toHaveLength(2); // following the events again
    watch.stop();
  });

  it('stays down while back() fails (e.g. the restarted engine fails the preflight)', async () => {
    const { engine, watch, handlers } = start(() => Promise.reject(new Error('no user namespace')));
    engine.alive = false;
    await jest.advanceTimersByTimeAsync(2_000);
    engine.alive = true;
    await jest.advanceTimersByTimeAsync(4_000);
    expect(handlers.back).toHaveBeenCalledTimes(2);
    expect(handlers.ready).not.toHaveBeenCalled();
    expect(watch.up).toBe(false);
    watch.stop();
  });

  it('tells a job whether the engine left under it', async () => {
    const { engine, watch } = start();
    const mark = watch.outageCount;
    expect(await watch.wentAwaySince(mark)).toBe(false);
    engine.alive = false;
    expect(await watch.wentAwaySince(mark)).toBe(true);
    watch.stop();
  });
});
