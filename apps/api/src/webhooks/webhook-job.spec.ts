import { WEBHOOK_BOUNDS } from '@judgebox/domain';
import { webhookDelivery, WEBHOOKS_QUEUE } from './webhook-job';
import { callbackUrlProblem } from './callback-url.rule';

describe('webhookDelivery', () => {
  it('is one job on the webhooks queue, retried with exponential backoff from WEBHOOK_BOUNDS', () => {
    const job = webhookDelivery('https://example.com/hook', null);
    expect(job).toMatchObject({
      queueName: WEBHOOKS_QUEUE,
      data: { url: 'https://example.com/hook', owner: null },
      opts: {
        attempts: WEBHOOK_BOUNDS.webhookTries,
        backoff: { type: 'exponential', delay: WEBHOOK_BOUNDS.webhookBackoffMs },
      },
    });
    // The submission's id becomes the job's: SubmissionsService sets it, nobody else may.
    expect(job.opts).not.toHaveProperty('jobId');
  });
});

describe('callbackUrlProblem', () => {
  it.each([
    ['https://example.com/hook', null],
    ['http://example.com:8080/a?b=c', null],
    [42, 'must be a string'],
    ['ftp://example.com/x', 'must be an http or https URL'],
    ['not a url', 'must be a valid URL'],
    [`https://example.com/${'a'.repeat(WEBHOOK_BOUNDS.callbackUrlLength)}`, /at most 2048 characters/],
  ])('%p: %p', (value, problem) => {
    if (problem instanceof RegExp) expect(callbackUrlProblem(value)).toMatch(problem);
    else expect(callbackUrlProblem(value)).toBe(problem);
  });
});
