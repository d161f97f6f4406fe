import { LANGUAGES } from '@judgebox/domain';
import type { WorkerHeartbeat } from '@judgebox/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { LanguageAvailability } from './language-availability';
import type { MetaRepository } from './meta.repository';

const beat = (over: Partial<WorkerHeartbeat>): WorkerHeartbeat => ({
  workerId: 'w',
  engine: 'e',
  dockerOk: true,
  concurrency: 1,
  active: 0,
  at: new Date().toISOString(),
  ...over,
});

const availability = (beats: WorkerHeartbeat[]): LanguageAvailability =>
  new LanguageAvailability({ liveWorkers: () => Promise.resolve(beats) } as unknown as MetaRepository);

describe('LanguageAvailability', () => {
  it('refuses a language no working worker has with 503, Retry-After and its name', async () => {
    const a = availability([
      beat({ images: ['bash', 'python'] }),
      beat({ images: ['lua'], dockerOk: false }),
    ]);
    await expect(a.requireReady(['python', 'dash'])).resolves.toBeUndefined();
    const refused = a.requireReady(['python', 'lua']);
    await expect(refused).rejects.toBeInstanceOf(RetryLaterException);
    await expect(refused).rejects.toMatchObject({
      retryAfterSeconds: 30,
      message: expect.stringMatching(/language lua is not ready/),
    });
  });

  it('ignores a draining worker, and counts ready languages against the first tier', async () => {
    const a = availability([beat({ images: ['bash'] }), beat({ images: ['python'], draining: true })]);
    expect(await a.counts()).toEqual({ ready: 3, total: LANGUAGES.length, firstTierReady: false });
    await expect(a.requireReady(['python'])).rejects.toBeInstanceOf(RetryLaterException);
  });

  it('takes a worker that lists no images (one from before the list) to have them all', async () => {
    const a = availability([beat({})]);
    expect(await a.counts()).toEqual({
      ready: LANGUAGES.length,
      total: LANGUAGES.length,
      firstTierReady: true,
    });
  });

  it('with no working worker knows nothing: nothing is available, and submissions queue as ever', async () => {
    const a = availability([]);
    expect(await a.readyImages()).toBeNull();
    await expect(a.requireReady(['lua'])).resolves.toBeUndefined();
    expect(await a.isReady({ image: 'lua' })).toBe(false);
  });
});

describe('LanguageAvailability reads', () => {
  it('answers from the last read while a fresh one runs, and waits only for the first', async () => {
    let beats = [beat({ images: ['bash'] })];
    let reads = 0;
    let release: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const meta = {
      liveWorkers: async () => {
        reads++;
        await gate;
        return beats;
      },
    } as unknown as MetaRepository;
    const a = new LanguageAvailability(meta);
    expect(await a.readyImages()).toEqual(new Set(['bash']));
    expect(await a.readyImages()).toEqual(new Set(['bash']));
    expect(reads).toBe(1);

    beats = [beat({ images: ['python'] })];
    gate = new Promise((r) => (release = r));
    // Stale: answered at once from the last read, one fresh read started (and shared).
    expect(await a.readyImages(-1)).toEqual(new Set(['bash']));
    expect(await a.readyImages(-1)).toEqual(new Set(['bash']));
    expect(reads).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    expect(await a.readyImages()).toEqual(new Set(['python']));
    // maxAgeMs 0 (readiness probes) always waits for a fresh read.
    beats = [];
    expect(await a.readyImages(0)).toBeNull();
  });
});
