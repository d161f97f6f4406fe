import Docker from 'dockerode';
import { imageName, LANGUAGES, languageVersion, type LanguageSpec } from '@judgebox/domain';
import { useJudgingStack } from '../support/judging-stack';
import { SAMPLES, type LanguageSamples } from './samples';

/**
 * Every language of the catalog, through the real HTTP API and a real worker: a language added to
 * LANGUAGES is covered here with no edit, and fails until test/e2e/samples.ts has programs for it.
 */
const STDIN = 'line one\nłódź ✓ 123\n';
type Kind = keyof LanguageSamples;

interface Submitted {
  status: number;
  body: { state: string; result: Record<string, unknown> & { verdict: string; version: string | null } };
}

describe('language conformance', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });

  async function submit(lang: LanguageSpec, source: string, stdin = ''): Promise<Submitted> {
    const res = await http().post('/v1/submissions?wait=true').send({ language: lang.id, source, stdin });
    return { status: res.status, body: res.body as Submitted['body'] };
  }

  describe.each(LANGUAGES.map((l) => [l.id, l] as const))('%s', (_id, lang) => {
    const samples: LanguageSamples | undefined = SAMPLES[lang.id];
    const results = new Map<Kind, Promise<Submitted>>();
    const result = async (kind: Kind): Promise<Submitted['body']['result']> => {
      const res = await results.get(kind);
      expect(res?.status).toBe(200);
      expect(res?.body.state).toBe('finished');
      return res!.body.result;
    };

    beforeAll(() => {
      if (!samples) return;
      // All four at once: the worker runs as many as it has CPUs, which keeps the suite's time down.
      results.set('hello', submit(lang, samples.hello));
      results.set('echo', submit(lang, samples.echo, STDIN));
      results.set('broken', submit(lang, samples.broken));
      results.set('crash', submit(lang, samples.crash));
      for (const p of results.values()) p.catch(() => undefined);
    });

    it('has sample programs in test/e2e/samples.ts', () => {
      if (!samples)
        throw new Error(`language "${lang.id}" is in LANGUAGES but has no entry in test/e2e/samples.ts`);
    });

    it('runs hello world and reports the image version', async () => {
      const r = await result('hello');
      expect(r).toMatchObject({
        verdict: 'ok',
        language: lang.id,
        run: { stdout: 'hello, world\n', exitCode: 0, signal: null },
      });
      const info = await docker.getImage(imageName(lang)).inspect();
      const label = info.Config.Labels?.['io.judgebox.version'] ?? '';
      const version = languageVersion(lang, { [lang.image]: label });
      expect(version).toMatch(/^\d+(\.\d+)+/);
      expect(r.version).toBe(version);
    });

    it('echoes stdin', async () => {
      const r = await result('echo');
      expect(r).toMatchObject({ verdict: 'ok', run: { stdout: STDIN, exitCode: 0 } });
    });

    const brokenVerdict = lang.compile ? 'compile_error' : 'runtime_error';
    it(`gives ${brokenVerdict} for a program that does not ${lang.compile ? 'compile' : 'parse'}`, async () => {
      const r = await result('broken');
      expect(r.verdict).toBe(brokenVerdict);
      if (lang.compile) {
        expect(r.run).toBeNull();
        expect((r.compile as { exitCode: number }).exitCode).not.toBe(0);
      } else {
        expect((r.run as { exitCode: number }).exitCode).not.toBe(0);
      }
    });

    it('gives runtime_error with a non-zero exit code for a program that fails', async () => {
      const r = await result('crash');
      expect(r.verdict).toBe('runtime_error');
      if (lang.compile) expect((r.compile as { exitCode: number }).exitCode).toBe(0);
      expect((r.run as { exitCode: number }).exitCode).not.toBe(0);
    });
  });
});
