import { JUDGE0_BOUNDS } from '@judgebox/domain';
import { callbackDelivery, JUDGE0_CALLBACKS_QUEUE } from './judge0-callback-job';
import { defaultMeta } from './judge0-request';

describe('callbackDelivery', () => {
  it('is one job on the callbacks queue, its tries and their spacing from JUDGE0_BOUNDS', () => {
    const meta = defaultMeta(71);
    const job = callbackDelivery('https://example.com/hook', meta);
    expect(job).toMatchObject({
      queueName: JUDGE0_CALLBACKS_QUEUE,
      data: { url: 'https://example.com/hook', meta },
      opts: {
        attempts: JUDGE0_BOUNDS.callbackTries,
        backoff: { type: 'fixed', delay: JUDGE0_BOUNDS.callbackRetryDelayMs },
      },
    });
    // The submission's id becomes the job's: SubmissionsService sets it, nobody else may.
    expect(job.opts).not.toHaveProperty('jobId');
  });
});
