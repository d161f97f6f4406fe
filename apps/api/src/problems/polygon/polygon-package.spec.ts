import { parsePolygonXml, PolygonPackageError, testPath } from './polygon-package';

const XML = `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<problem revision="3" short-name="a-plus-b">
  <names><name language="russian" value="А+Б"/><name language="english" value="A+B"/></names>
  <judging cpu-name="x" cpu-speed="3600" input-file="" output-file="">
    <testset name="pretests"><time-limit>1</time-limit></testset>
    <testset name="tests">
      <time-limit>2000</time-limit>
      <memory-limit>268435456</memory-limit>
      <test-count>3</test-count>
      <input-path-pattern>tests/%02d</input-path-pattern>
      <answer-path-pattern>tests/%02d.a</answer-path-pattern>
      <tests><test method="manual" sample="true"/><test cmd="gen 1" method="generated"/><test method="manual"/></tests>
    </testset>
  </judging>
  <assets><checker name="std::rcmp6.cpp" type="testlib"><source path="files/check.cpp" type="cpp.g++17"/></checker></assets>
</problem>`;

describe('Polygon problem.xml', () => {
  it('reads the "tests" testset, its limits, test paths, the English name and the checker', () => {
    expect(parsePolygonXml(XML)).toEqual({
      name: 'A+B',
      timeLimitMs: 2000,
      memoryLimitBytes: 268435456,
      tests: [
        { input: 'tests/01', answer: 'tests/01.a' },
        { input: 'tests/02', answer: 'tests/02.a' },
        { input: 'tests/03', answer: 'tests/03.a' },
      ],
      checker: 'std::rcmp6.cpp',
    });
  });

  it('expands %d patterns as printf does', () => {
    expect(testPath('tests/%02d', 7)).toBe('tests/07');
    expect(testPath('tests/%03d.a', 12)).toBe('tests/012.a');
    expect(testPath('%d.in', 120)).toBe('120.in');
    expect(() => testPath('tests/%s', 1)).toThrow(PolygonPackageError);
    expect(() => testPath('%d/%d', 1)).toThrow(/exactly one %d/);
  });

  it('says what is missing or malformed', () => {
    expect(() => parsePolygonXml('<problem><judging>')).toThrow(PolygonPackageError);
    expect(() => parsePolygonXml('<x/>')).toThrow(/no <problem> element/);
    expect(() => parsePolygonXml('<problem/>')).toThrow(/no <judging><testset name="tests">/);
    expect(() => parsePolygonXml(XML.replace('<test-count>3</test-count>', ''))).toThrow(
      /has no <test-count>/,
    );
    expect(() => parsePolygonXml(XML.replace('2000', '2s'))).toThrow(/<time-limit> must be a whole number/);
  });
});
