import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The report of a graded run is signed: the worker gives the run a fresh key on the first line of
 * its stdin (never in argv or the environment), judgebox's grader reads that line before any
 * student code runs, and once the framework is done writes `judgebox-report <mac>\n<document>`
 * where mac is HMAC-SHA256 of the document under the key (the key's 64 hex characters as bytes).
 * A report written by anything but this run's grader, or changed after, fails the check.
 */
export interface RunSeal {
  key: string;
  reportPath: string;
}

const HEADER = 'judgebox-report ';

export function newRunSeal(): RunSeal {
  const key = randomBytes(32).toString('hex');
  return { key, reportPath: `/tmp/jb-tests-${randomBytes(16).toString('hex')}/report.json` };
}

/** The line the grader reads from stdin before the program's own stdin. */
export function sealLine(seal: RunSeal): Buffer {
  return Buffer.from(`${seal.key} ${seal.reportPath}\n`);
}

/** Prepends the seal line to a run's stdin, given whole or live. */
export function sealedStdin(
  seal: RunSeal,
  stdin: Buffer | null | AsyncIterable<Buffer>,
): Buffer | AsyncIterable<Buffer> {
  const line = sealLine(seal);
  if (stdin === null) return line;
  if (Buffer.isBuffer(stdin)) return Buffer.concat([line, stdin]);
  return (async function* () {
    yield line;
    yield* stdin;
  })();
}

export function signReport(key: string, document: string): string {
  return `${HEADER}${createHmac('sha256', key).update(document).digest('hex')}\n${document}`;
}

/** The document of a report this run's grader signed, or null when the signature is missing or wrong. */
export function openSealedReport(key: string, content: Buffer): string | null {
  const eol = content.indexOf(0x0a);
  if (eol < 0) return null;
  const header = content.subarray(0, eol).toString('latin1');
  if (!header.startsWith(HEADER)) return null;
  const mac = Buffer.from(header.slice(HEADER.length), 'hex');
  const body = content.subarray(eol + 1);
  const expected = createHmac('sha256', key).update(body).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  return body.toString('utf8');
}
