import { TEST_FRAMEWORKS, type TestFramework } from '@judgebox/domain';
import { GTEST_GRADER } from './gtest-grader';
import { JUNIT_GRADER } from './junit-grader';
import { NODE_GRADER } from './node-grader';
import { PYTEST_GRADER } from './pytest-grader';

const SOURCES: Readonly<Record<TestFramework, string>> = {
  pytest: PYTEST_GRADER,
  junit5: JUNIT_GRADER,
  gtest: GTEST_GRADER,
  node_test: NODE_GRADER,
};

/** judgebox's grader of a framework, as the file placed in the work dir beside the submission's. */
export function graderFile(framework: TestFramework): { name: string; content: Buffer } {
  return { name: TEST_FRAMEWORKS[framework].graderFile, content: Buffer.from(SOURCES[framework]) };
}
