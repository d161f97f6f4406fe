/**
 * judgebox's pytest grader (`jb_pytest_grader.py`): reads the run's seal from stdin before pytest
 * imports any test or student module, runs pytest in this process, collects each test's outcome
 * from pytest's own reports, and writes the signed report (sealed-report.ts) once pytest.main has
 * returned. A collected test without an outcome (the session was cut short) is an error. Tests
 * whose code is not in a teacher's file (a student's test function imported into a test module)
 * are deselected. The process then ends at once: nothing the student registered runs after.
 */
export const PYTEST_GRADER = String.raw`import hashlib, hmac, json, os, re, sys


def read_seal():
    line = b""
    while not line.endswith(b"\n") and len(line) < 4096:
        byte = os.read(0, 1)
        if not byte:
            break
        line += byte
    parts = line.decode("ascii", "replace").split()
    if len(parts) != 2:
        sys.stderr.write("judgebox grader: no seal on stdin\n")
        os._exit(125)
    return parts


def test_name(nodeid):
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = re.sub(r"\.py$", "", names[0].replace("/", "."))
    names[-1] += bracket + params
    return ".".join(names)


def message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = crash.message
    elif isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2])
    else:
        text = str(report.longrepr or "")
    return text[:4096]


class Grader:
    def __init__(self, teacher_files):
        self.teacher = {os.path.realpath(f) for f in teacher_files}
        self.collected = []
        self.tests = {}
        self.finished = set()

    def pytest_collection_modifyitems(self, session, config, items):
        keep, drop = [], []
        for item in items:
            code = getattr(getattr(item, "function", None), "__code__", None)
            own = code is None or os.path.realpath(code.co_filename) in self.teacher
            (keep if own else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep

    def pytest_collection_finish(self, session):
        self.collected = [item.nodeid for item in session.items]

    def pytest_collectreport(self, report):
        if report.failed:
            self.tests[report.nodeid or "collection"] = ["error", message(report), 0.0]

    def pytest_runtest_logreport(self, report):
        entry = self.tests.setdefault(report.nodeid, ["passed", None, 0.0])
        entry[2] += report.duration
        if report.when == "teardown":
            self.finished.add(report.nodeid)
        xfail = hasattr(report, "wasxfail")
        if report.when == "call":
            if report.skipped:
                entry[:2] = ["skipped", "xfail: " + str(report.wasxfail) if xfail else message(report)]
            elif report.failed:
                entry[:2] = ["failed", message(report)]
        elif report.failed and entry[0] == "passed":
            entry[:2] = ["error", message(report)]
        elif report.skipped and report.when == "setup":
            entry[:2] = ["skipped", "xfail: " + str(report.wasxfail) if xfail else message(report)]

    def document(self):
        # A test counts once its teardown reported: one cut short (pytest.exit) is an error.
        for nodeid in self.collected:
            if nodeid not in self.finished:
                self.tests[nodeid] = ["error", "the test did not finish", 0.0]
        tests = [
            {"name": test_name(n), "status": s, "message": m, "timeMs": t * 1000}
            for n, (s, m, t) in self.tests.items()
        ]
        return json.dumps({"reporter": "judgebox", "tests": tests})


def write_report(path, key, document):
    body = document.encode("utf-8")
    mac = hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest()
    os.mkdir(os.path.dirname(path), 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    data = b"judgebox-report " + mac.encode("ascii") + b"\n" + body
    while data:
        data = data[os.write(fd, data):]
    os.close(fd)


def main():
    key, path = read_seal()
    import pytest

    args = sys.argv[1:]
    teacher = [a for a in args if a.endswith(".py")]
    if "conftest.py" not in teacher:
        args.append("--noconftest")
    grader = Grader(teacher)
    code = int(pytest.main(args, plugins=[grader]))
    write_report(path, key, grader.document())
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


main()
`;
