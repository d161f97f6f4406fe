import type { FrameworkCase } from '../teaching-samples';

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

export const KEY_RE = '[0-9a-f]{64}';
export const DIR_RE = '/tmp/jb-tests-[0-9a-f]+';
export const doc = (names: readonly string[]): string =>
  JSON.stringify({
    reporter: 'judgebox',
    tests: names.map((name) => ({ name, status: 'passed', message: null, timeMs: 1 })),
  });

/** The background rewriter, one shell loop for every language: keeps line 1, replaces the rest. */
export const rewriter = (names: readonly string[]): string =>
  [
    `fake='${doc(names)}'`,
    'i=0; while [ $i -lt 100000 ]; do i=$((i+1))',
    '  for f in /tmp/jb-tests-*/report.json; do',
    '    [ -f "$f" ] || continue',
    '    { head -n 1 "$f"; printf %s "$fake"; } > /tmp/forged && cat /tmp/forged > "$f"',
    '  done',
    'done',
  ].join('\n');

export const q = (s: string): string => JSON.stringify(s);
