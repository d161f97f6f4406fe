import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi, type TestApi } from '../support/api';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { testPrefix } from '../support/prefix';

/**
 * A stored problem's 64 MiB test input (the minimum per problem) is fed to the sandbox
 * from the worker's disk cache as the program reads it, never held whole in the worker's memory.
 * The worker runs as a process of its own; its peak RSS is the kernel's (VmHWM, reset first).
 */
jest.setTimeout(300_000);

const MiB = 1_048_576;
// Waits before reading: input sent faster than the program takes it would pile up in the worker.
const COUNT_C = `#include <stdio.h>
#include <unistd.h>
int main(void){ static char buf[65536]; size_t n, total = 0; sleep(2);
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) total += n;
  printf("%zu\\n", total); return 0; }`;

function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  if (!line) throw new Error(`no ${field} for ${pid}`);
  return Number(line[1]) * 1024;
}

describe('worker memory with large stored test data', () => {
  const prefix = testPrefix();
  const cache = mkdtempSync(join(tmpdir(), 'jb-cache-mem-'));
  let api: TestApi;
  let worker: WorkerProcess;

  beforeAll(async () => {
    const id = `mem-${randomUUID().slice(0, 8)}`;
    worker = spawnWorker(prefix, id, {
      SANDBOX_POOL: '*=0',
      WORKER_CONCURRENCY: '1',
      CONTENT_CACHE_DIR: cache,
    });
    api = await createApi({ QUEUE_PREFIX: prefix });
    await worker.ready;
  });

  afterAll(async () => {
    if (worker?.child.exitCode === null) {
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      worker.child.kill('SIGTERM');
      await exited;
    }
    await api?.close();
    rmSync(cache, { recursive: true, force: true });
  });

  it('feeds 64 MiB of stdin with the worker growing by far less than that', async () => {
    const size = 64 * MiB;
    const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
    await api.request
      .put(`/v1/problems/${p.id}/files/big.in`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(size, 'x'))
      .expect(200);
    await api.request
      .put(`/v1/problems/${p.id}`)
      .send({
        testCases: [{ stdinFile: 'big.in', expectedOutput: String(size) }],
        limits: { cpuTimeMs: 10_000, wallTimeMs: 30_000 },
      })
      .expect(200);
    const submit = async (): Promise<any> =>
      (
        await api.request
          .post('/v1/submissions?wait=true')
          .send({ language: 'c', source: COUNT_C, problemId: p.id })
          .expect(200)
      ).body.result;

    // The first run fetches the file into the cache (and warms the worker's code paths).
    expect((await submit()).verdict).toBe('accepted');
    const pid = worker.child.pid!;
    const baseline = statusBytes(pid, 'VmRSS');
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    const result = await submit();
    const growth = statusBytes(pid, 'VmHWM') - baseline;
    console.log(
      `worker RSS: baseline ${(baseline / MiB).toFixed(1)} MiB, peak growth ${(growth / MiB).toFixed(1)} MiB feeding 64 MiB`,
    );
    expect(result).toMatchObject({ verdict: 'accepted', problem: { id: p.id } });
    expect(result.testCases[0].stdout).toBe(`${size}\n`);
    // Without waiting for the socket to drain, this grew by about 30 MiB (measured once).
    expect(growth).toBeLessThan(16 * MiB);
  });
});
