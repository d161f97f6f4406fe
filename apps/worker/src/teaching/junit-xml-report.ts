import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestEntry } from '@judgebox/domain';

/** The report exists but is not one a framework wrote: the submission gets an error verdict. */
export class MalformedReportError extends Error {}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  // DOCTYPEs are refused before parsing; nothing is expanded but the five XML entities.
  processEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

/**
 * Tests of a JUnit XML report as pytest, GoogleTest and JUnit's console launcher write it: every
 * `testcase` under `testsuites`/`testsuite` (nested suites too). Its name is `classname.name`.
 */
export function parseJunitXml(xml: string, messageBytes: number): TestEntry[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MalformedReportError('the report declares a DOCTYPE');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedReportError(`the report is not well-formed XML: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Node;
  if (!('testsuites' in doc) && !('testsuite' in doc))
    throw new MalformedReportError('the report has no testsuites or testsuite');
  const raw = 'testsuites' in doc ? doc.testsuites : firstOf(doc.testsuite);
  // An empty element parses to '': a suite without tests.
  const root = typeof raw === 'object' && raw !== null ? (raw as Node) : {};
  const cases: Node[] = [];
  collect(root, cases);
  return cases.map((c) => toEntry(c, messageBytes));
}

function firstOf(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function collect(suite: Node, into: Node[]): void {
  for (const c of asNodes(suite.testcase)) into.push(c);
  for (const s of asNodes(suite.testsuite)) collect(s, into);
}

function asNodes(v: unknown): Node[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new MalformedReportError('the report has an unexpected shape');
  // `<testcase/>` parses to an empty string: a test with no attributes at all.
  return v.map((x) => (typeof x === 'object' && x !== null ? (x as Node) : {}));
}

function toEntry(c: Node, messageBytes: number): TestEntry {
  const name = attr(c, 'name');
  if (!name) throw new MalformedReportError('a testcase has no name');
  const cls = attr(c, 'classname');
  const seconds = Number(attr(c, 'time'));
  const [status, detail] = outcome(c);
  return {
    name: cls ? `${cls}.${name}` : name,
    status,
    message: detail === null ? null : cap(detail, messageBytes),
    timeMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
  };
}

function outcome(c: Node): [TestEntry['status'], string | null] {
  const failure = asNodes(c.failure)[0] ?? (c.failure !== undefined ? {} : undefined);
  if (failure) return ['failed', describe(failure)];
  const error = asNodes(c.error)[0] ?? (c.error !== undefined ? {} : undefined);
  if (error) return ['error', describe(error)];
  if (c.skipped !== undefined) return ['skipped', describe(asNodes(c.skipped)[0] ?? {})];
  // GoogleTest lists disabled tests with status="notrun".
  if (attr(c, 'status') === 'notrun') return ['skipped', 'disabled'];
  return ['passed', null];
}

/** The `message` attribute, or the element's text (a stack trace) when there is none. */
function describe(n: Node): string {
  const message = attr(n, 'message');
  if (message) return message;
  const text = typeof n['#text'] === 'string' ? n['#text'] : '';
  return text.trim();
}

function attr(n: Node, name: string): string | null {
  const v = n[`@_${name}`];
  return typeof v === 'string' ? v : null;
}

/** At most `max` bytes of UTF-8, cut at a character boundary. */
export function cap(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  return new TextDecoder().decode(bytes.subarray(0, max)).replace(/\uFFFD$/, '');
}
