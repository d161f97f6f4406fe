import {
  findLanguage,
  groupsProblem,
  JUDGE_BOUNDS,
  MAX_FLOAT_TOLERANCE,
  type TestGroup,
} from '@judgebox/domain';
import { rule } from './submission-rules';

/** The groups as a whole, against the submission's test cases; each group is checked by TestGroupDto. */
export const AreGroups = (): PropertyDecorator =>
  rule('groups', (value, object) => {
    if (!Array.isArray(value)) return 'must be an array of groups';
    if (value.length === 0) return 'must hold at least 1 group';
    if (value.length > JUDGE_BOUNDS.groups) return `must hold at most ${JUDGE_BOUNDS.groups} groups`;
    if (!Array.isArray(object.testCases) || !value.every(isGroupLike)) return null; // reported item by item
    const groups = value.map((g) => ({ ...g, dependencies: g.dependencies ?? [] })) as TestGroup[];
    return groupsProblem(groups, object.testCases.length);
  });

function isGroupLike(g: unknown): g is { name: string; testCases: number[]; dependencies?: string[] } {
  if (typeof g !== 'object' || g === null) return false;
  const { name, testCases, dependencies } = g as Record<string, unknown>;
  const strings = (x: unknown): boolean => Array.isArray(x) && x.every((s) => typeof s === 'string');
  return (
    typeof name === 'string' &&
    Array.isArray(testCases) &&
    testCases.every((i) => Number.isInteger(i)) &&
    (dependencies === undefined || strings(dependencies))
  );
}

export const AreCaseIndices = (): PropertyDecorator =>
  rule('caseIndices', (value) => {
    const ok = Array.isArray(value) && value.length > 0 && value.every((i) => Number.isInteger(i) && i >= 0);
    return ok ? null : 'must be a non-empty array of test case indices (integers from 0)';
  });

export const AreGroupNames = (): PropertyDecorator =>
  rule('groupNames', (value) => {
    const { groups, groupNameLength } = JUDGE_BOUNDS;
    const ok =
      Array.isArray(value) &&
      value.length <= groups &&
      value.every((n) => typeof n === 'string' && n.length > 0 && n.length <= groupNameLength);
    return ok ? null : `must be an array of at most ${groups} group names`;
  });

export const IsNumberIn = (min: number, max: number, integer = false): PropertyDecorator =>
  rule('numberIn', (value) => {
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      value <= max &&
      (!integer || Number.isInteger(value));
    return ok ? null : `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`;
  });

export const IsRelativeTolerance = (): PropertyDecorator =>
  rule('relativeTolerance', (value, object) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_FLOAT_TOLERANCE)
      return `must be a number between 0 and ${MAX_FLOAT_TOLERANCE}`;
    return object.compare === 'float' ? null : 'is only allowed with compare "float"';
  });

/** A list of per-language adjustments: each language at most once. */
export const AreLanguageAdjustments = (): PropertyDecorator =>
  rule('languageAdjustments', (value) => {
    const max = JUDGE_BOUNDS.languageAdjustments;
    if (!Array.isArray(value)) return 'must be an array of {language, timeMultiplier, extraMemoryMb}';
    if (value.length > max) return `must hold at most ${max} items`;
    const ids = value.map((a: { language?: unknown }) =>
      typeof a?.language === 'string' ? findLanguage(a.language)?.id : undefined,
    );
    const dup = ids.find((id, i) => id !== undefined && ids.indexOf(id) !== i);
    return dup ? `must name each language once; repeated: "${dup}"` : null;
  });

export const NotWithChecker = (): PropertyDecorator =>
  rule('notWithChecker', (_value, object) =>
    (object as { checker?: unknown }).checker === undefined
      ? null
      : 'must not be given together with checker (an interactor decides each case itself)',
  );
