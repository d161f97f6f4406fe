import { outputMatches } from './compare-output';
import type { CompareMode } from './judging';

const b = (s: string): Buffer => Buffer.from(s);

describe('outputMatches: the built-in checkers', () => {
  it.each<[CompareMode, string, string, boolean]>([
    ['case_insensitive', 'Hello World  \n\n', 'hello world', true],
    ['case_insensitive', 'Hello  World', 'hello world', false],
    ['case_insensitive', 'ÄB', 'äb', true],
    ['unordered_lines', 'b\na\nb\n', 'a\nb\nb', true],
    ['unordered_lines', 'b \na', 'a\nb', true],
    ['unordered_lines', 'a\nb\na', 'a\nb\nb', false],
    ['unordered_lines', 'a\nb', 'a\nb\nc', false],
    ['unordered_lines', '', '', true],
    ['unordered_tokens', '3 1\n2 1', '1 1 2 3', true],
    ['unordered_tokens', '1 2 3 3', '1 1 2 3', false],
    ['yes_no', 'YES\nno', 'yes NO', true],
    ['yes_no', 'Yes', 'yes', true],
    ['yes_no', 'yes maybe', 'yes maybe', false],
    ['yes_no', 'yes', 'no', false],
    ['yes_no', 'yes yes', 'yes', false],
  ])('%s: %j vs %j → %s', (mode, actual, expected, want) => {
    expect(outputMatches(b(actual), b(expected), mode)).toBe(want);
  });

  describe('float: absolute or relative tolerance', () => {
    const float = (a: string, e: string, absolute: number, relative: number): boolean =>
      outputMatches(b(a), b(e), 'float', { absolute, relative });
    it('numbers equal in value match without tolerance', () => {
      expect(float('1.0 2', '1 2.000', 0, 0)).toBe(true);
      expect(float('1.0000001', '1', 0, 0)).toBe(false);
    });
    it('within the absolute tolerance', () => {
      expect(float('0.3001', '0.3', 1e-3, 0)).toBe(true);
      expect(float('0.302', '0.3', 1e-3, 0)).toBe(false);
    });
    it('within the relative tolerance of the expected value', () => {
      expect(float('1000001', '1000000', 0, 1e-6)).toBe(true);
      expect(float('1000002', '1000000', 0, 1e-6)).toBe(false);
      expect(float('0.0000011', '0.000001', 0, 0.2)).toBe(true);
    });
    it('either tolerance suffices; words must be equal; counts must match', () => {
      expect(float('5.01', '5', 0.1, 0)).toBe(true);
      expect(float('5.01', '5', 0, 0.01)).toBe(true);
      expect(float('x 1', 'y 1', 1, 1)).toBe(false);
      expect(float('1 2', '1', 1, 1)).toBe(false);
    });
    it('never matches non-finite numbers by tolerance', () => {
      expect(float('1e400', '1e400', 1, 1)).toBe(true); // the same text
      expect(float('1e400', '2e400', 1, 1)).toBe(false);
    });
  });

  it('tokens keeps its one tolerance, absolute or relative whichever is looser (backward compatible)', () => {
    expect(outputMatches(b('1000000.5'), b('1000000'), 'tokens', 1e-6)).toBe(true);
    expect(outputMatches(b('1.0'), b('1'), 'tokens', 0)).toBe(false);
  });
});
