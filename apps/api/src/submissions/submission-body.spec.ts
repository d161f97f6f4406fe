import type {
  InteractorBody,
  JudgeProgramBody,
  LanguageAdjustmentBody,
  SubmissionBody,
  TestCaseBody,
  TestGroupBody,
  UnitTestsBody,
} from '@judgebox/domain';
import type { CreateSubmissionDto } from './create-submission.dto';
import type { InteractorDto, JudgeProgramDto, LanguageAdjustmentDto, TestGroupDto } from './judging.dto';
import type { TestCaseDto } from './test-case.dto';
import type { UnitTestsDto } from './unit-tests.dto';

/** Compiles only when both sides have the same keys: a field added to one must be added to the other. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;

describe('the client body type (libs/domain) and the API DTO', () => {
  it('name the same fields, so @judgebox/client cannot drift from what the API accepts', () => {
    const body: SameKeys<CreateSubmissionDto, SubmissionBody> = true;
    const testCase: SameKeys<TestCaseDto, TestCaseBody> = true;
    const checker: SameKeys<JudgeProgramDto, JudgeProgramBody> = true;
    const interactor: SameKeys<InteractorDto, InteractorBody> = true;
    const group: SameKeys<TestGroupDto, TestGroupBody> = true;
    const adjustment: SameKeys<LanguageAdjustmentDto, LanguageAdjustmentBody> = true;
    const unitTests: SameKeys<UnitTestsDto, UnitTestsBody> = true;
    expect([body, testCase, checker, interactor, group, adjustment, unitTests]).not.toContain(false);
  });
});
