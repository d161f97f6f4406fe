import {
  LANGUAGES,
  LIMIT_NAMES,
  LIMIT_RANGES,
  maxLimit,
  resolveLimits,
  SUBMISSION_BOUNDS,
} from '@judgebox/domain';
import { languageVersionsKey } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';
import type { LanguageViewDto } from '../../apps/api/src/catalog/catalog.dto';

describe('API: catalog', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());

  async function languages(): Promise<LanguageViewDto[]> {
    return (await api.request.get('/v1/languages').expect(200)).body as LanguageViewDto[];
  }

  it('lists every language with null versions, none available, before any worker reported', async () => {
    const body = await languages();
    const ids = body.map((l) => l.id);
    expect(ids).toEqual(LANGUAGES.map((l) => l.id));
    expect(ids).toEqual(expect.arrayContaining(['python', 'javascript', 'c', 'cpp', 'bash']));
    for (const lang of body) expect(lang.version).toBeNull();
    for (const lang of body) expect(lang.available).toBe(false);
    const python = body.find((l) => l.id === 'python');
    const tableLimits = Object.fromEntries(
      LIMIT_NAMES.map((n) => [n, { default: LIMIT_RANGES[n].default, max: LIMIT_RANGES[n].max }]),
    );
    expect(python).toEqual({
      id: 'python',
      name: 'Python 3',
      aliases: ['python3', 'py'],
      version: null,
      available: false,
      libraries: {},
      testFrameworks: [],
      compiled: false,
      limits: tableLimits,
    });
    expect(body.find((l) => l.id === 'cpp')?.compiled).toBe(true);
  });

  it("gives each language's own defaults and maxima", async () => {
    for (const view of await languages()) {
      const lang = LANGUAGES.find((l) => l.id === view.id)!;
      const defaults = resolveLimits(undefined, lang.limitOverrides);
      for (const name of LIMIT_NAMES) {
        expect(view.limits[name]).toEqual({
          default: defaults[name],
          max: maxLimit(name, lang.limitOverrides),
        });
      }
    }
  });

  it('shows the versions workers wrote, by image', async () => {
    const written: Record<string, string> = { python: 'Python 3.12.3', gcc: 'gcc 13.2.0' };
    await api.redis.hset(languageVersionsKey(api.prefix), written);
    const versions = Object.fromEntries((await languages()).map((l) => [l.id, l.version]));
    expect(versions).toMatchObject({
      python: 'Python 3.12.3',
      javascript: null,
      c: 'gcc 13.2.0',
      cpp: 'gcc 13.2.0',
      bash: null,
    });
    expect(versions).toEqual(Object.fromEntries(LANGUAGES.map((l) => [l.id, written[l.image] ?? null])));
  });

  it('publishes the limits table and submission bounds', async () => {
    const res = await api.request.get('/v1/limits').expect(200);
    expect(res.body).toEqual({
      limits: LIMIT_RANGES,
      submission: SUBMISSION_BOUNDS,
      bodyLimitBytes: api.config.BODY_LIMIT_BYTES,
    });
  });
});
