import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_MEMORY, workerRssBoundBytes } from '@judgebox/domain';
import { createApi, TEST_REDIS_URL, type TestApi } from '../support/api';
import { testPrefix } from '../support/prefix';

/**
 * A worker's memory under output floods (docs/limits.md, "Worker memory"): every slot of one worker runs a
 * program writing 1 byte at a time to stdout and stderr, alternately, at the largest output limit.
 * The worker runs as a process of its own, so its RSS is its own; the peak is read from the
 * kernel (VmHWM, reset after a warm-up with /proc/<pid>/clear_refs) rather than sampled.
 */
jest.setTimeout(180_000);

const CONCURRENCY = 2;
const ROOT = join(__dirname, '..', '..');
const FLOOD = '#include <unistd.h>\nint main(void){ for (;;) { write(1, "x", 1); write(2, "y", 1); } }';

function startWorkerProcess(prefix: string): ChildProcess {
  const args = [
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    'apps/worker/src/main.ts',
  ];
  const env = {
    ...process.env,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    WORKER_HEALTH_PORT: '0',
    SANDBOX_POOL: '*=0',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

/** A line of /proc/<pid>/status in bytes (VmRSS, VmHWM). */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  if (!line) throw new Error(`no ${field} for ${pid}`);
  return Number(line[1]) * 1024;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

describe('worker memory under output floods', () => {
  const prefix = testPrefix();
  let api: TestApi;
  let worker: ChildProcess;

  beforeAll(async () => {
    worker = startWorkerProcess(prefix);
    api = await createApi({ QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    if (worker?.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await api?.close();
  });

  const submit = (source: string, limits: object = {}): Promise<any> =>
    api.request
      .post('/v1/submissions?wait=true')
      .send({ language: 'c', source, limits })
      .then((res) => {
        expect(res.status).toBe(200);
        return res.body.result;
      });

  it(`stays within baseline + ${WORKER_MEMORY.bytesPerOutputByte} × outputBytes × 2 streams × concurrency`, async () => {
    // Warm-up: the worker is up, has run a sandbox and compiled its hot paths.
    expect(await submit('#include <stdio.h>\nint main(void){puts("warm");}')).toMatchObject({
      verdict: 'ok',
    });
    const pid = worker.pid!;
    const baseline = statusBytes(pid, 'VmRSS');
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS

    const limits = { outputBytes: 8 * 2 ** 20, wallTimeMs: 10_000, cpuTimeMs: 10_000 };
    const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => submit(FLOOD, limits)));
    const peak = statusBytes(pid, 'VmHWM');

    const printed = results.reduce((n, r) => n + r.run.stdout.length + r.run.stderr.length, 0);
    const bound = workerRssBoundBytes(CONCURRENCY, limits.outputBytes, baseline);
    console.log(
      `worker RSS: baseline ${mb(baseline)}, peak ${mb(peak)}, bound ${mb(bound)}; output ${mb(printed)} in all`,
    );
    for (const r of results) {
      expect(['time_limit_exceeded', 'output_limit_exceeded']).toContain(r.verdict);
      // A negated class, not /^x+$/: V8 overflows its stack backtracking over megabytes.
      expect(r.run.stdout.length > 0 && !/[^x]/.test(r.run.stdout)).toBe(true);
      expect(r.run.stderr.length > 0 && !/[^y]/.test(r.run.stderr)).toBe(true);
    }
    expect(printed).toBeGreaterThan(2 ** 20);
    expect(peak).toBeLessThanOrEqual(bound);
  });
});
