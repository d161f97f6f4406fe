import { quotaFrom, type QuotaInput } from '@judgebox/domain';
import { ApiKeyStore } from '../../apps/api/src/tenants/api-key.store';
import type { TestApi } from './api';

/** Creates an API key on the test's prefix, as `npm run keys -- create` would; returns its token. */
export async function createKey(api: TestApi, name: string, input: QuotaInput = {}): Promise<string> {
  const { quota, problems } = quotaFrom(input);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const { token } = await new ApiKeyStore(api.redis, api.prefix).create(name, quota);
  return token;
}

/** A Python program that keeps the CPU busy for `seconds` of CPU time. */
export const burnCpu = (seconds: number): string =>
  `import time\nwhile time.process_time() < ${seconds}:\n    pass\nprint("done")`;
