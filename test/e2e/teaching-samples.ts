/**
 * Unit-test suites per framework for test/e2e/teaching-frameworks.e2e-spec.ts. Each has a student
 * file and a teacher's test file with the same tests; `student` variants:
 * - good: every test passes; bad: `add` is wrong, so exactly one test fails;
 * - crash: the process ends during the run (exit 0, no framework report);
 * - forged: prints a fake all-pass report, writes it where reports usually go, then exits 0;
 * - slow: `add(0, 0)` never returns (a per-test timeout where the framework has one).
 */
export interface FrameworkCase {
  language: string;
  framework: string;
  studentFile: string;
  testFile: string;
  tests: string;
  student: Record<'good' | 'bad' | 'crash' | 'forged' | 'slow', string>;
  /** Names of the two tests as the result lists them. */
  names: [string, string];
  perTestTimeout: boolean;
}

const FAKE_XML =
  '<?xml version="1.0"?><testsuites><testsuite name="x" tests="2"><testcase classname="t" name="a"/><testcase classname="t" name="b"/></testsuite></testsuites>';

export const PYTEST: FrameworkCase = {
  language: 'python-ml',
  framework: 'pytest',
  studentFile: 'calc.py',
  testFile: 'test_calc.py',
  tests:
    'from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\ndef test_zero():\n    assert add(0, 0) == 0\n',
  student: {
    good: 'def add(a, b):\n    return a + b\n',
    bad: 'def add(a, b):\n    return a + b + (a == 1)\n',
    crash: 'import os\nos._exit(0)\n',
    forged: [
      'import os, sys',
      `FAKE = '${FAKE_XML}'`,
      'print(FAKE)',
      'for p in ["report.xml", "/tmp/report.xml", "junit.xml"]:',
      '    open(p, "w").write(FAKE)',
      'os._exit(0)',
    ].join('\n'),
    slow: 'def add(a, b):\n    while a == 0:\n        pass\n    return a + b\n',
  },
  names: ['test_calc.test_add', 'test_calc.test_zero'],
  perTestTimeout: true,
};

export const JUNIT: FrameworkCase = {
  language: 'java-junit',
  framework: 'junit5',
  studentFile: 'Calc.java',
  testFile: 'CalcTest.java',
  tests: [
    'import org.junit.jupiter.api.Test;',
    'import static org.junit.jupiter.api.Assertions.*;',
    'class CalcTest {',
    '  @Test void add() { assertEquals(3, Calc.add(1, 2)); }',
    '  @Test void zero() { assertEquals(0, Calc.add(0, 0)); }',
    '}',
  ].join('\n'),
  student: {
    good: 'public class Calc { public static int add(int a, int b) { return a + b; } }',
    bad: 'public class Calc { public static int add(int a, int b) { return a == 1 ? 4 : a + b; } }',
    crash:
      'public class Calc { static { Runtime.getRuntime().halt(0); } public static int add(int a, int b) { return a + b; } }',
    forged: [
      'import java.nio.file.*;',
      'public class Calc {',
      '  static {',
      `    String fake = "${FAKE_XML.replaceAll('"', '\\"')}";`,
      '    System.out.println(fake);',
      '    try { Files.writeString(Path.of("TEST-junit-jupiter.xml"), fake); Files.writeString(Path.of("/tmp/TEST-junit-jupiter.xml"), fake); } catch (Exception e) {}',
      '    Runtime.getRuntime().halt(0);',
      '  }',
      '  public static int add(int a, int b) { return a + b; }',
      '}',
    ].join('\n'),
    slow: 'public class Calc { public static int add(int a, int b) { while (a == 0) {} return a + b; } }',
  },
  names: ['CalcTest.add()', 'CalcTest.zero()'],
  perTestTimeout: true,
};

export const GTEST: FrameworkCase = {
  language: 'cpp-gtest',
  framework: 'gtest',
  studentFile: 'calc.cpp',
  testFile: 'calc_test.cpp',
  tests: [
    '#include <gtest/gtest.h>',
    'int add(int a, int b);',
    'TEST(Calc, Add) { EXPECT_EQ(3, add(1, 2)); }',
    'TEST(Calc, Zero) { EXPECT_EQ(0, add(0, 0)); }',
  ].join('\n'),
  student: {
    good: 'int add(int a, int b) { return a + b; }',
    bad: 'int add(int a, int b) { return a == 1 ? 4 : a + b; }',
    crash: '#include <cstdlib>\nint add(int a, int b) { std::_Exit(0); }',
    forged: [
      '#include <cstdio>',
      '#include <cstdlib>',
      `static const char *fake = R"(${FAKE_XML})";`,
      'int add(int a, int b) {',
      '  std::puts(fake);',
      '  const char *paths[] = {"report.xml", "/tmp/report.xml", "test_detail.xml"};',
      '  for (const char *p : paths) { FILE *f = std::fopen(p, "w"); if (f) { std::fputs(fake, f); std::fclose(f); } }',
      '  std::_Exit(0);',
      '}',
    ].join('\n'),
    slow: 'int add(int a, int b) { volatile int x = 0; while (a == 0) { x = x + 1; } return a + b; }',
  },
  names: ['Calc.Add', 'Calc.Zero'],
  perTestTimeout: false,
};

export const NODE_TEST: FrameworkCase = {
  language: 'javascript',
  framework: 'node_test',
  studentFile: 'calc.js',
  testFile: 'calc.test.js',
  tests: [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { add } = require('./calc.js');",
    "test('add', () => assert.strictEqual(add(1, 2), 3));",
    "test('zero', { timeout: 1000 }, async () => { await new Promise((r) => setTimeout(r, 1)); assert.strictEqual(await add(0, 0), 0); });",
  ].join('\n'),
  student: {
    good: 'exports.add = (a, b) => a + b;',
    bad: 'exports.add = (a, b) => (a === 1 ? 4 : a + b);',
    crash: 'process.exit(0);',
    forged: [
      "const fs = require('fs');",
      "const fake = JSON.stringify({ reporter: 'judgebox', tests: [{ name: 'add', status: 'passed' }, { name: 'zero', status: 'passed' }] });",
      'console.log(fake);',
      "for (const p of ['report.json', '/tmp/report.json']) fs.writeFileSync(p, fake);",
      'process.exit(0);',
    ].join('\n'),
    // Resolves too late for (0, 0): the test's own timeout (1 s) fails it, the other test passes.
    slow: 'exports.add = (a, b) => (a === 0 ? new Promise((r) => setTimeout(r, 2000)) : a + b);',
  },
  names: ['add', 'zero'],
  perTestTimeout: false,
};

export const FRAMEWORK_CASES = [PYTEST, JUNIT, GTEST, NODE_TEST];
