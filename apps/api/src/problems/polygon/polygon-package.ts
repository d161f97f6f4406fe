import { XMLParser } from 'fast-xml-parser';
import type { CompareMode } from '@judgebox/domain';

/** A package that cannot be imported as it is; the message says what to change. */
export class PolygonPackageError extends Error {}

/** What judgebox takes from a Polygon package's problem.xml (its main testset, named "tests"). */
export interface PolygonProblem {
  name: string;
  timeLimitMs: number;
  memoryLimitBytes: number;
  /** Package paths of each test's input and answer, in order. */
  tests: { input: string; answer: string }[];
  checker: string | null;
}

/**
 * Testlib's standard checkers that a built-in comparison judges the same way (`lcmp`, lines of
 * tokens, is judged as tokens: line breaks are not compared). Others are refused, not guessed.
 */
export const STANDARD_CHECKERS: Readonly<Record<string, { compare: CompareMode; floatTolerance?: number }>> =
  {
    'std::wcmp.cpp': { compare: 'tokens' },
    'std::ncmp.cpp': { compare: 'tokens' },
    'std::icmp.cpp': { compare: 'tokens' },
    'std::hcmp.cpp': { compare: 'tokens' },
    'std::lcmp.cpp': { compare: 'tokens' },
    'std::rcmp.cpp': { compare: 'tokens', floatTolerance: 1.5e-6 },
    'std::dcmp.cpp': { compare: 'tokens', floatTolerance: 1e-6 },
    'std::rcmp4.cpp': { compare: 'tokens', floatTolerance: 1e-4 },
    'std::rcmp6.cpp': { compare: 'tokens', floatTolerance: 1e-6 },
    'std::rcmp9.cpp': { compare: 'tokens', floatTolerance: 1e-9 },
  };

const ARRAYS = new Set([
  'problem.names.name',
  'problem.judging.testset',
  'problem.judging.testset.tests.test',
  'problem.assets.checker',
]);

type Node = Record<string, unknown>;

/** Reads problem.xml; throws PolygonPackageError naming what is missing or malformed. */
export function parsePolygonXml(xml: string): PolygonProblem {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    processEntities: false,
    isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
  });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new PolygonPackageError(`problem.xml is not well-formed XML: ${(err as Error).message}`);
  }
  // An empty element parses as ''.
  const problem = doc.problem === '' ? {} : (doc.problem as Node | undefined);
  if (typeof problem !== 'object') throw new PolygonPackageError('problem.xml has no <problem> element');
  const testset = ((problem.judging as Node | undefined)?.testset as Node[] | undefined)?.find(
    (t) => t.name === 'tests',
  );
  if (!testset) throw new PolygonPackageError('problem.xml has no <judging><testset name="tests">');
  const count = integer(testset, 'test-count');
  const inputPattern = text(testset, 'input-path-pattern');
  const answerPattern = text(testset, 'answer-path-pattern');
  const names = (problem.names as Node | undefined)?.name as Node[] | undefined;
  const english = names?.find((n) => n.language === 'english') ?? names?.[0];
  const checker = ((problem.assets as Node | undefined)?.checker as Node[] | undefined)?.[0];
  return {
    name: [english?.value, problem['short-name']].find((v): v is string => typeof v === 'string') ?? '',
    timeLimitMs: integer(testset, 'time-limit'),
    memoryLimitBytes: integer(testset, 'memory-limit'),
    tests: Array.from({ length: count }, (_, i) => ({
      input: testPath(inputPattern, i + 1),
      answer: testPath(answerPattern, i + 1),
    })),
    checker: typeof checker?.name === 'string' ? checker.name : null,
  };
}

function text(node: Node, tag: string): string {
  const value = node[tag];
  if (typeof value !== 'string' || value.trim() === '')
    throw new PolygonPackageError(`problem.xml: <testset name="tests"> has no <${tag}>`);
  return value.trim();
}

function integer(node: Node, tag: string): number {
  const value = text(node, tag);
  if (!/^\d{1,12}$/.test(value))
    throw new PolygonPackageError(`problem.xml: <${tag}> must be a whole number, not "${value}"`);
  return Number(value);
}

/** A path pattern as Polygon writes them (`tests/%02d`, `tests/%02d.a`, `%d`): one integer conversion. */
export function testPath(pattern: string, index: number): string {
  const spec = /%(0?)(\d*)d/.exec(pattern);
  if (!spec || pattern.replace(spec[0], '').includes('%'))
    throw new PolygonPackageError(`problem.xml: path pattern "${pattern}" must hold exactly one %d`);
  const digits = String(index).padStart(spec[1] ? Number(spec[2] || 0) : 0, '0');
  const padded = !spec[1] && spec[2] ? digits.padStart(Number(spec[2]), ' ') : digits;
  return pattern.replace(spec[0], padded);
}
