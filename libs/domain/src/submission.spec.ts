import { findLanguage } from './languages';
import { COMPILE_LIMITS, compileLimits } from './limits';
import { compileLimitsOf } from './submission';

describe('compileLimitsOf', () => {
  const slow = findLanguage('kotlin');

  it('takes the compile limits the request carries (resolved by the API)', () => {
    const carried = { ...COMPILE_LIMITS, cpuTimeMs: 1_234 };
    expect(compileLimitsOf({ compileLimits: carried }, slow)).toBe(carried);
  });

  it("derives the language's for a job queued before they were carried", () => {
    expect(slow?.compileLimitOverrides).toBeDefined();
    expect(compileLimitsOf({}, slow)).toEqual(compileLimits(slow?.compileLimitOverrides));
    expect(compileLimitsOf({}, undefined)).toEqual(COMPILE_LIMITS);
  });
});
