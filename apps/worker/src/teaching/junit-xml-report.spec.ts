import { MalformedReportError, parseJunitXml } from './junit-xml-report';

const PYTEST = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4" time="0.05">
<testcase classname="test_calc" name="test_add" time="0.001" />
<testcase classname="test_calc" name="test_bad" time="0.002"><failure message="assert 4 == 3">def test_bad(): ...</failure></testcase>
<testcase classname="test_calc" name="test_fixture" time="0"><error message="failed on setup with &quot;boom&quot;">trace</error></testcase>
<testcase classname="test_calc" name="test_skip" time="0"><skipped type="pytest.skip" message="not today" /></testcase>
</testsuite></testsuites>`;

const GTEST = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1" disabled="1" errors="0" time="0." name="AllTests">
  <testsuite name="Calc" tests="3" failures="1" disabled="1" skipped="0" errors="0" time="0.">
    <testcase name="Add" status="run" result="completed" time="0." classname="Calc" />
    <testcase name="Zero" status="run" result="completed" time="0.001" classname="Calc">
      <failure message="calc_test.cpp:4&#x0A;Expected equality" type=""><![CDATA[calc_test.cpp:4
Expected equality]]></failure>
    </testcase>
    <testcase name="DISABLED_Later" status="notrun" result="suppressed" time="0." classname="Calc" />
  </testsuite>
</testsuites>`;

describe('parseJunitXml', () => {
  it('reads pytest reports: passed, failed, error, skipped with messages and times', () => {
    expect(parseJunitXml(PYTEST, 100)).toEqual([
      { name: 'test_calc.test_add', status: 'passed', message: null, timeMs: 1 },
      { name: 'test_calc.test_bad', status: 'failed', message: 'assert 4 == 3', timeMs: 2 },
      { name: 'test_calc.test_fixture', status: 'error', message: 'failed on setup with "boom"', timeMs: 0 },
      { name: 'test_calc.test_skip', status: 'skipped', message: 'not today', timeMs: 0 },
    ]);
  });

  it('reads GoogleTest reports; disabled tests are skipped', () => {
    expect(parseJunitXml(GTEST, 100).map((t) => [t.name, t.status])).toEqual([
      ['Calc.Add', 'passed'],
      ['Calc.Zero', 'failed'],
      ['Calc.DISABLED_Later', 'skipped'],
    ]);
  });

  it('caps messages at a character boundary', () => {
    const xml = `<testsuite><testcase name="t"><failure message="${'é'.repeat(50)}"/></testcase></testsuite>`;
    expect(parseJunitXml(xml, 9)[0].message).toBe('éééé');
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed', '<testsuites><testsuite>'],
    [
      'a DOCTYPE (entity expansion)',
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite><testcase name="&a;"/></testsuite>',
    ],
    ['no suite', '<report/>'],
    ['a nameless test', '<testsuite><testcase/></testsuite>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => parseJunitXml(xml, 100)).toThrow(MalformedReportError);
  });
});
