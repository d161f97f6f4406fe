import type { ValidationError } from 'class-validator';
import { fieldErrorsException, toFieldErrors } from './validation-errors';

const error = (
  property: string,
  value: unknown,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => ({ property, value, constraints, children });

describe('toFieldErrors', () => {
  it('names nested fields with dots and array items with indexes', () => {
    const files = [{}, { name: '/x' }];
    const tree = [
      error('files', files, undefined, [
        error('1', files[1], undefined, [error('name', '/x', { fileName: 'must be relative' })]),
      ]),
      error('limits', {}, undefined, [
        error('cpuTimeMs', 1, { cpuTimeMs: 'must be an integer between 50 and 15000 (ms)' }),
      ]),
      error('network', true, { whitelistValidation: 'property network should not exist' }),
      error('args', ['a', 1], { args: '[1] must be a string' }),
    ];
    expect(toFieldErrors(tree)).toEqual([
      { field: 'files[1].name', message: 'must be relative' },
      { field: 'limits.cpuTimeMs', message: 'must be an integer between 50 and 15000 (ms)' },
      { field: 'network', message: 'is not an allowed field' },
      { field: 'args[1]', message: 'must be a string' },
    ]);
  });

  it('repeats each error as one sentence starting with its field', () => {
    const body = fieldErrorsException([{ field: 'language', message: 'is required' }]).getResponse();
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['language is required'],
      errors: [{ field: 'language', message: 'is required' }],
    });
  });
});
