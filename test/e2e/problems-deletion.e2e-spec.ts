import type { INestApplication } from '@nestjs/common';
import { createApi } from '../support/api';
import { numbers, SUM_C } from '../support/problems';
import { startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

/** A problem deleted while a submission naming it waits in the queue (docs/problems.md, retention). */
jest.setTimeout(180_000);

describe('deleting a problem that queued submissions use', () => {
  it('the queued submission is judged on its version; new ones are refused; files go once the pin ends', async () => {
    const prefix = testPrefix();
    const api = await createApi({ QUEUE_PREFIX: prefix });
    let worker: INestApplication | undefined;
    try {
      const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
      const input = numbers(3, 11);
      await api.request
        .put(`/v1/problems/${p.id}/files/in`)
        .set('content-type', 'application/octet-stream')
        .send(input.data)
        .expect(200);
      await api.request
        .put(`/v1/problems/${p.id}`)
        .send({ testCases: [{ stdinFile: 'in', expectedOutput: String(input.sum) }] })
        .expect(200);
      // No worker yet: the submission waits in the queue while its problem is deleted.
      const queued = await api.request
        .post('/v1/submissions')
        .send({ language: 'c', source: SUM_C, problemId: p.id })
        .expect(202);
      await api.request.delete(`/v1/problems/${p.id}`).expect(204);
      await api.request.get(`/v1/problems/${p.id}`).expect(404);
      await api.request
        .post('/v1/submissions')
        .send({ language: 'c', source: SUM_C, problemId: p.id })
        .expect(404);

      worker = await startWorker(prefix, { WORKER_CONCURRENCY: 1 });
      let view: any;
      for (let i = 0; i < 120; i++) {
        view = (await api.request.get(`/v1/submissions/${queued.body.id}`).expect(200)).body;
        if (view.state === 'finished') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(view.result).toMatchObject({ verdict: 'accepted', problem: { id: p.id, version: 3 } });

      // Once the pin has passed (RESULT_TTL_SECONDS after the submission), pruning frees everything.
      const { ProblemsRepository } = await import('../../apps/api/src/problems/problems.repository');
      await api.app
        .get(ProblemsRepository)
        .pruneDue(Date.now() + api.config.RESULT_TTL_SECONDS * 1_000 + 1_000);
      expect(await api.redis.keys(`${prefix}:problem:*`)).toEqual([]);
      expect(await api.redis.keys(`${prefix}:content:chunk:*`)).toEqual([]);
      expect(Number(await api.redis.get(`${prefix}:content:bytes`))).toBe(0);
    } finally {
      await api.close();
      await worker?.close();
    }
  });
});
