import { DEFAULT_LIMITS, LIMIT_RANGES } from './limits';
import { capLimits, formatRate, parseRate, quotaFrom, TENANT_DEFAULTS } from './tenancy';

describe('tenancy', () => {
  it('parses rates per second, minute and hour, and refuses anything else', () => {
    expect(parseRate('20/s')).toEqual({ points: 20, perSeconds: 1 });
    expect(parseRate('600/m')).toEqual({ points: 600, perSeconds: 60 });
    expect(parseRate('1000/h')).toEqual({ points: 1000, perSeconds: 3600 });
    for (const bad of ['0/s', '20', '20/d', '-1/s', '1.5/s', 's/20']) expect(parseRate(bad)).toBeNull();
    expect(formatRate({ points: 600, perSeconds: 60 })).toBe('600/m');
  });

  it('fills defaults and lists every problem of a quota', () => {
    expect(quotaFrom({}).quota).toEqual({ ...TENANT_DEFAULTS, limits: {} });
    const { problems } = quotaFrom({
      rate: '20001/s',
      concurrency: 0,
      cpuSecondsPerDay: 1.5,
      priority: 'urgent',
      limits: { cpuTimeMs: LIMIT_RANGES.cpuTimeMs.max + 1, bogus: 1 } as never,
    });
    expect(problems).toEqual([
      'rate must be at most 10000/s',
      'concurrency must be an integer in [1, 1000]',
      'cpuSecondsPerDay must be an integer in [1, 8640000]',
      'priority must be one of high, normal, low',
      `limits.cpuTimeMs must be an integer in [50, ${LIMIT_RANGES.cpuTimeMs.max}]`,
      'limits.bogus is not a limit (cpuTimeMs, wallTimeMs, memoryMb, processes, outputBytes)',
    ]);
    expect(quotaFrom({ rate: 'fast' }).problems).toEqual(['rate must be N/s, N/m or N/h, e.g. 20/s']);
  });

  it('caps limits: defaults lowered to the cap, explicit values over it refused', () => {
    const caps = { cpuTimeMs: 1000, memoryMb: 128 };
    expect(capLimits(DEFAULT_LIMITS, {}, caps)).toEqual({
      limits: { ...DEFAULT_LIMITS, cpuTimeMs: 1000, memoryMb: 128 },
      problems: [],
    });
    const asked = { ...DEFAULT_LIMITS, cpuTimeMs: 1500, memoryMb: 64 };
    expect(capLimits(asked, { cpuTimeMs: 1500, memoryMb: 64 }, caps).problems).toEqual([
      'limits.cpuTimeMs must not be greater than 1000 for this API key',
    ]);
  });
});
