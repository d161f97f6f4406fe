import { SUBMISSION_BOUNDS } from './limits';

/**
 * Why a file name is refused, or null when it is fine. Names are plain relative paths
 * inside the work dir: no absolute paths, no `..` or `.` parts, no NUL or control characters,
 * no backslashes, at most one level of folders, and no part starting with `-` or `@` (a compiler
 * given `{sources}` would read `-o.c` as an option and `@x` as a response file).
 */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > SUBMISSION_BOUNDS.fileNameLength)
    return `must be at most ${SUBMISSION_BOUNDS.fileNameLength} characters`;
  if (name.startsWith('/')) return 'must be relative, not absolute';
  if (/[\u0000-\u001f\u007f\\]/.test(name)) return 'must not contain NUL, control characters or backslashes';
  const parts = name.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    return 'must not contain empty, "." or ".." parts';
  if (parts.length > 2) return 'may hold at most one folder level';
  if (parts.some((p) => p.startsWith('-') || p.startsWith('@')))
    return 'must not start with "-" or "@" (in any part)';
  return null;
}

/** Names used both as a file and as the folder of another file (`a` and `a/b`): the sandbox cannot hold both. */
export function folderClashes(names: readonly string[]): string[] {
  const folders = new Set(names.filter((n) => n.includes('/')).map((n) => n.slice(0, n.indexOf('/'))));
  return [...new Set(names.filter((n) => folders.has(n)))];
}

/** Names that appear more than once in a list. */
export function duplicateNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}
