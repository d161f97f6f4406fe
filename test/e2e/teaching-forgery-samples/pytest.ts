import { PYTEST } from '../teaching-samples';
import { KEY_RE, DIR_RE, doc, rewriter, q, type ForgeryCase } from './common';

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
