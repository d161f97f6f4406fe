import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
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

/** Status of a WebSocket upgrade of the Piston socket: 101 when it opened, else the HTTP refusal. */
export function upgradeStatus(api: TestApi, headers: Record<string, string> = {}): Promise<number> {
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/connect`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}
