import { TEST_STATUSES, type TestEntry, type TestStatus } from '@judgebox/domain';
import { cap, MalformedReportError } from './junit-xml-report';

/**
 * A node:test reporter (Node 18 has no JUnit reporter) that writes `reportPath` when the run ends:
 * one JSON document with the leaf tests, their name path, status, message and duration. A parent is
 * listed only when it failed on its own (not because of its subtests). It makes the report's
 * directory itself, so nothing is there to be found while the tests run.
 */
export function nodeTestReporter(reportPath: string): string {
  return `import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
export default async function* reporter(source) {
  const tests = [];
  const path = [];
  let last = -1;
  for await (const ev of source) {
    if (ev.type === 'test:start') { path.length = ev.data.nesting; path.push(ev.data.name); continue; }
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    const error = d.details && d.details.error;
    const kind = error && error.failureType;
    const parent = last > d.nesting;
    last = d.nesting;
    if (parent && (ev.type === 'test:pass' || kind === 'subtestsFailed')) continue;
    const names = path.slice(0, d.nesting);
    names.push(d.name);
    let status = 'passed';
    if (d.skip !== undefined || d.todo !== undefined) status = 'skipped';
    else if (ev.type === 'test:fail')
      status = kind === 'testCodeFailure' || kind === 'testTimeoutFailure' ? 'failed' : 'error';
    const cause = error && (error.cause || error);
    const why = kind === 'cancelledByParent' ? 'cancelled: the run ended before this test did' : kind;
    const message = status === 'passed' ? null : String((cause && cause.message) || d.skip || d.todo || why || '');
    tests.push({ name: names.join(' > '), status, message, timeMs: d.details ? d.details.duration_ms : null });
  }
  const out = ${JSON.stringify(reportPath)};
  // Both fail if something is there already: the report is this reporter's alone.
  mkdirSync(dirname(out), { mode: 0o700 });
  writeFileSync(out, JSON.stringify({ reporter: 'judgebox', tests }) + '\\n', { flag: 'wx', mode: 0o600 });
}
`;
}

interface RawTest {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  timeMs?: unknown;
}

/** Reads the document NODE_TEST_REPORTER writes; anything else is malformed. */
export function parseNodeTestReport(text: string, messageBytes: number): TestEntry[] {
  let doc: { reporter?: unknown; tests?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new MalformedReportError('the report is not JSON');
  }
  if (doc?.reporter !== 'judgebox' || !Array.isArray(doc.tests))
    throw new MalformedReportError('the report is not the node:test reporter document');
  return (doc.tests as RawTest[]).map((t) => {
    if (typeof t?.name !== 'string' || !TEST_STATUSES.includes(t.status as TestStatus))
      throw new MalformedReportError('a test of the report has no name or an unknown status');
    return {
      name: t.name,
      status: t.status as TestStatus,
      message: typeof t.message === 'string' ? cap(t.message, messageBytes) : null,
      timeMs: typeof t.timeMs === 'number' ? Math.round(t.timeMs) : null,
    };
  });
}
