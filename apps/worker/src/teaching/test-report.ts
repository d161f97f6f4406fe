import { TEST_STATUSES, type TestEntry, type TestStatus } from '@judgebox/domain';

/** The report exists but is not one this run's grader wrote: the submission gets an error verdict. */
export class MalformedReportError extends Error {}

interface RawTest {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  timeMs?: unknown;
}

/**
 * Reads the document every judgebox grader writes (graders/): `{ reporter: 'judgebox', tests:
 * [{ name, status, message, timeMs }] }`; anything else is malformed. Its signature is checked
 * before (graders/sealed-report.ts).
 */
export function parseTestReport(text: string, messageBytes: number): TestEntry[] {
  let doc: { reporter?: unknown; tests?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new MalformedReportError('the report is not JSON');
  }
  if (doc?.reporter !== 'judgebox' || !Array.isArray(doc.tests))
    throw new MalformedReportError("the report is not judgebox's grader document");
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

/** At most `max` bytes of UTF-8, cut at a character boundary. */
export function cap(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  return new TextDecoder().decode(bytes.subarray(0, max)).replace(/\uFFFD$/, '');
}
