import { GTEST_FORGERY } from './gtest';
import { JUNIT_FORGERY } from './junit';
import { NODE_TEST_FORGERY } from './node-test';
import { PYTEST_FORGERY } from './pytest';

export type { ForgeryCase } from './common';

/** Hostile students, one set per framework (common.ts says what each program tries). */
export const FORGERY_CASES = [PYTEST_FORGERY, JUNIT_FORGERY, GTEST_FORGERY, NODE_TEST_FORGERY];
