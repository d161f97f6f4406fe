import type { CompareMode } from './judging';

/** Tolerances of numeric tokens: `tokens` uses `absolute` as "absolute or relative"; `float` uses both. */
export interface Tolerance {
  absolute: number;
  relative?: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `actual` matches `expected` under `mode`; `tolerance` is a number for `tokens` (backward compatible). */
export function outputMatches(
  actual: Buffer,
  expected: Buffer,
  mode: CompareMode,
  tolerance: number | Tolerance = 0,
): boolean {
  const tol = typeof tolerance === 'number' ? { absolute: tolerance } : tolerance;
  const text = (b: Buffer): string => b.toString('utf8');
  switch (mode) {
    case 'exact':
      return actual.equals(expected);
    case 'trim_trailing':
      return trimTrailing(actual.toString('latin1')) === trimTrailing(expected.toString('latin1'));
    case 'case_insensitive':
      return trimTrailing(text(actual)).toLowerCase() === trimTrailing(text(expected)).toLowerCase();
    case 'tokens':
      return tokensMatch(tokens(text(actual)), tokens(text(expected)), (x, y) =>
        looseNumbers(x, y, tol.absolute),
      );
    case 'float':
      return tokensMatch(tokens(text(actual)), tokens(text(expected)), (x, y) =>
        floatNumbers(x, y, tol.absolute, tol.relative ?? 0),
      );
    case 'unordered_lines':
      return sameMultiset(lines(actual.toString('latin1')), lines(expected.toString('latin1')));
    case 'unordered_tokens':
      return sameMultiset(tokens(text(actual)), tokens(text(expected)));
    case 'yes_no':
      return yesNo(tokens(text(actual)), tokens(text(expected)));
  }
}

function trimTrailing(text: string): string {
  return lines(text).join('\n');
}

function lines(text: string): string[] {
  const out = text.split('\n').map((line) => line.replace(/[ \t\r\f\v]+$/, ''));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function tokensMatch(a: string[], e: string[], numbersEqual: (x: number, y: number) => boolean): boolean {
  if (a.length !== e.length) return false;
  return a.every((tok, i) => {
    if (tok === e[i]) return true;
    if (!NUMBER.test(tok) || !NUMBER.test(e[i])) return false;
    return numbersEqual(Number(tok), Number(e[i]));
  });
}

/** `tokens`: within `tol` absolute or relative, whichever is looser; no tolerance, no numeric equality. */
function looseNumbers(x: number, y: number, tol: number): boolean {
  return tol > 0 && Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
}

/** `float`: 1.0 equals 1 always; else within the absolute or the relative tolerance. */
function floatNumbers(x: number, y: number, absolute: number, relative: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  const diff = Math.abs(x - y);
  return diff <= absolute || diff <= relative * Math.abs(y);
}

function sameMultiset(a: string[], e: string[]): boolean {
  if (a.length !== e.length) return false;
  const counts = new Map<string, number>();
  for (const x of e) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of a) {
    const left = counts.get(x) ?? 0;
    if (left === 0) return false;
    counts.set(x, left - 1);
  }
  return true;
}

function yesNo(a: string[], e: string[]): boolean {
  const norm = (xs: string[]): string[] => xs.map((x) => x.toLowerCase());
  const words = norm(a);
  return words.every((w) => w === 'yes' || w === 'no') && tokensMatch(words, norm(e), () => false);
}
