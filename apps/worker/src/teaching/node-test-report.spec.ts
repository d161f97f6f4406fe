import { MalformedReportError } from './junit-xml-report';
import { parseNodeTestReport } from './node-test-report';

describe('parseNodeTestReport', () => {
  it('reads the reporter document', () => {
    const doc = {
      reporter: 'judgebox',
      tests: [
        { name: 'add', status: 'passed', message: null, timeMs: 1.4 },
        { name: 'group > zero', status: 'failed', message: 'x'.repeat(20), timeMs: 2 },
      ],
    };
    expect(parseNodeTestReport(JSON.stringify(doc), 5)).toEqual([
      { name: 'add', status: 'passed', message: null, timeMs: 1 },
      { name: 'group > zero', status: 'failed', message: 'xxxxx', timeMs: 2 },
    ]);
  });

  it.each([
    ['not JSON', 'ok 1 - add'],
    ['another document', JSON.stringify({ tests: [] })],
    ['an unknown status', JSON.stringify({ reporter: 'judgebox', tests: [{ name: 'a', status: 'won' }] })],
  ])('refuses %s', (_what, text) => {
    expect(() => parseNodeTestReport(text, 100)).toThrow(MalformedReportError);
  });
});
