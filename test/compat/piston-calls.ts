import type { TestApi } from '../support/api';

/** A Python program as Piston's execute takes it. */
export const py = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  language: 'python',
  version: '*',
  files: [{ name: 'main.py', content }],
  ...extra,
});
/** A C program as Piston's execute takes it. */
export const c = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  language: 'c',
  version: '*',
  files: [{ name: 'main.c', content }],
  ...extra,
});
/** The keys of a Piston stage (compile or run). */
export const STAGE_KEYS = [
  'stdout',
  'stderr',
  'output',
  'code',
  'signal',
  'message',
  'status',
  'cpu_time',
  'wall_time',
  'memory',
];

/** POST /api/v2/execute through a stack's API, expecting `status`; returns the body. */
export function pistonExecute(
  api: () => TestApi,
): (body: Record<string, unknown>, status?: number) => Promise<any> {
  return async (body, status = 200) => {
    const res = await api().request.post('/api/v2/execute').send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  };
}
