import { cap, MalformedReportError, parseTestReport } from './test-report';

describe('parseTestReport', () => {
  it('reads the reporter document', () => {
    const doc = {
      reporter: 'judgebox',
      tests: [
        { name: 'add', status: 'passed', message: null, timeMs: 1.4 },
        { name: 'group > zero', status: 'failed', message: 'x'.repeat(20), timeMs: 2 },
      ],
    };
    expect(parseTestReport(JSON.stringify(doc), 5)).toEqual([
      { name: 'add', status: 'passed', message: null, timeMs: 1 },
      { name: 'group > zero', status: 'failed', message: 'xxxxx', timeMs: 2 },
    ]);
  });

  it.each([
    ['not JSON', 'ok 1 - add'],
    ['another document', JSON.stringify({ tests: [] })],
    ['an unknown status', JSON.stringify({ reporter: 'judgebox', tests: [{ name: 'a', status: 'won' }] })],
  ])('refuses %s', (_what, text) => {
    expect(() => parseTestReport(text, 100)).toThrow(MalformedReportError);
  });
});

describe('cap', () => {
  it('cuts UTF-8 at a character boundary', () => {
    expect(cap('aé', 2)).toBe('a');
    expect(cap('abc', 5)).toBe('abc');
  });
});
