import { compileLimits, DEFAULT_LIMITS, findLanguage, type SubmissionRequest } from '@judgebox/domain';
import { InvalidSubmissionError, resolveSubmission } from './resolved-submission';

const request = (over: Partial<SubmissionRequest> = {}): SubmissionRequest => ({
  language: 'java',
  files: [{ name: 'Main.java', content: '' }],
  entry: 'Main.java',
  stdin: '',
  stdinEncoding: 'utf8',
  args: [],
  compilerOptions: [],
  limits: DEFAULT_LIMITS,
  ...over,
});

describe('resolveSubmission', () => {
  it('takes the compile limits the job carries', () => {
    const carried = { ...DEFAULT_LIMITS, cpuTimeMs: 1234 };
    const job = resolveSubmission(request({ compileLimits: carried }));
    expect(job.compileLimits).toBe(carried);
    expect(job.lang).toBe(findLanguage('java'));
  });

  it('derives them from the language for a job queued before they were carried', () => {
    expect(resolveSubmission(request()).compileLimits).toEqual(
      compileLimits(findLanguage('java')!.compileLimitOverrides),
    );
  });

  it('refuses an unknown language as a payload that can never succeed', () => {
    expect(() => resolveSubmission(request({ language: 'brainfuck' }))).toThrow(InvalidSubmissionError);
  });
});
