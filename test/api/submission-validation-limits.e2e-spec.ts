import { LIMIT_NAMES, LIMIT_RANGES } from '@judgebox/domain';
import { useRefusalSuite, VALID_SUBMISSION, type BadRequest } from '../support/refusals';

/** Client errors of POST /v1/submissions in its limits, unknown fields and query, and of GET: a 400 naming the field (or 404), and nothing queued. */
describe('API: submission validation, limits and the rest', () => {
  const { api, refused } = useRefusalSuite();
  const ok = VALID_SUBMISSION;

  describe('limits', () => {
    const cases = LIMIT_NAMES.flatMap((name) => {
      const { min, max } = LIMIT_RANGES[name];
      return [
        [name, min - 1],
        [name, max + 1],
      ] as const;
    });
    it.each(cases)('refuses %s = %d and states the range', (name, value) => {
      const { min, max, unit } = LIMIT_RANGES[name];
      return refused(
        { ...ok, limits: { [name]: value } },
        `limits.${name}`,
        `must be an integer between ${min} and ${max} (${unit})`,
      );
    });
    it.each(['abc', '100', 1.5, null, true, [100]])('refuses the non-integer %j', (value) =>
      refused(
        { ...ok, limits: { cpuTimeMs: value } },
        'limits.cpuTimeMs',
        'must be an integer between 50 and 15000 (ms)',
      ),
    );
    it('reports every bad limit at once', async () => {
      const res = await api()
        .request.post('/v1/submissions')
        .send({ ...ok, limits: { cpuTimeMs: 0, memoryMb: 0 } })
        .expect(400);
      expect((res.body as BadRequest).errors.map((e) => e.field).sort()).toEqual([
        'limits.cpuTimeMs',
        'limits.memoryMb',
      ]);
    });
    it('refuses an unknown limit', () =>
      refused({ ...ok, limits: { network: 1 } }, 'limits.network', /not an allowed field/));
    it('refuses limits that are not an object', () =>
      refused({ ...ok, limits: 5 }, 'limits', /must be an object/));
  });

  describe('the rest of the request', () => {
    it('refuses an unknown top-level field', () =>
      refused({ ...ok, network: true }, 'network', /not an allowed field/));
    it.each(['maybe', 'yes', ''])('refuses wait=%j', (wait) =>
      refused(ok, 'wait', /true, false, 1 or 0/, `/v1/submissions?wait=${wait}`),
    );
    it('refuses an unknown query parameter', () =>
      refused(ok, 'callback', /not an allowed field/, '/v1/submissions?callback=x'));
    it('refuses a malformed id', async () => {
      const res = await api().request.get('/v1/submissions/not-a-uuid').expect(400);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
    it('answers 404 for an unknown id', async () => {
      const res = await api().request.get('/v1/submissions/6f1c1f0e-8a57-4c1e-9d7a-1b1f0d0c0b0a').expect(404);
      expect(res.body.message).toMatch(/not found/);
    });
  });
});
