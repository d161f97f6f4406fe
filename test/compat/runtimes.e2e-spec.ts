import pLimit from 'p-limit';
import { findLanguage } from '@judgebox/domain';
import { JUDGE0_LANGUAGE_IDS, JUDGE0_MULTI_FILE_ID } from '../../apps/api/src/compat/judge0/judge0-languages';
import { useJudgingStack } from '../support/judging-stack';
import { RUNTIME_PROGRAMS } from './runtime-programs';

/**
 * Every runtime /api/v2/runtimes advertises runs a Piston-style test program (`test.<runtime>`,
 * printing OK) through /api/v2/execute by that name; every other name it lists resolves; every
 * Judge0 language id runs the same program through /submissions. Real API, worker and Docker.
 */
jest.setTimeout(600_000);

interface Runtime {
  language: string;
  version: string;
  aliases: string[];
}
interface Outcome {
  status: number;
  body: any;
}

const PROGRAMS = Object.entries(RUNTIME_PROGRAMS).map(([file, content]) => ({
  file,
  runtime: file.slice('test.'.length),
  content,
}));

describe('every Piston runtime name and Judge0 language id', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  let runtimes: Runtime[] = [];
  const piston = new Map<string, Promise<Outcome>>();
  const judge0 = new Map<number, Promise<Outcome>>();

  const runtimeOf = (name: string): Runtime | undefined =>
    runtimes.find((r) => r.language === name || r.aliases.includes(name));
  /** The program of a native language: the one whose runtime name resolves to it. */
  const programOf = (native: string): string | undefined =>
    PROGRAMS.find((p) => runtimeOf(p.runtime)?.language === native)?.content;

  const outcome = async (req: PromiseLike<{ status: number; body: unknown }>): Promise<Outcome> => {
    const res = await req;
    return { status: res.status, body: res.body };
  };

  beforeAll(async () => {
    runtimes = (await http().get('/api/v2/runtimes').expect(200)).body as Runtime[];
    // Three at a time: the worker runs as many as it has CPUs, and a request queued behind dozens
    // of others would outwait the API's WAIT_TIMEOUT_MS.
    const limit = pLimit(3);
    for (const p of PROGRAMS) {
      const lang = findLanguage(runtimeOf(p.runtime)?.language ?? '');
      // Sent as Piston's CI sends it: named test.<extension>, the runtime by the name after `test.`.
      const name = lang?.sourceExtension ? `test${lang.sourceExtension}` : p.file;
      const body = { language: p.runtime, version: '*', files: [{ name, content: p.content }] };
      piston.set(
        p.runtime,
        limit(() => outcome(http().post('/api/v2/execute').send(body))),
      );
    }
    for (const [id, native] of Object.entries(JUDGE0_LANGUAGE_IDS)) {
      if (Number(id) === JUDGE0_MULTI_FILE_ID) continue; // its zip of scripts: real-clients.e2e-spec.ts
      const body = { language_id: Number(id), source_code: programOf(native) ?? '' };
      judge0.set(
        Number(id),
        limit(() => outcome(http().post('/submissions?wait=true').send(body))),
      );
    }
    for (const p of [...piston.values(), ...judge0.values()]) p.catch(() => undefined);
  });

  it('has exactly one test program for every runtime listed', () => {
    expect(runtimes.length).toBeGreaterThanOrEqual(50);
    const covered = runtimes.map((r) => [
      r.language,
      PROGRAMS.filter((p) => runtimeOf(p.runtime) === r).length,
    ]);
    expect(covered.filter(([, n]) => n !== 1)).toEqual([]);
    expect(PROGRAMS.filter((p) => !runtimeOf(p.runtime)).map((p) => p.file)).toEqual([]);
  });

  it.each(PROGRAMS.map((p) => [p.file, p.runtime] as const))(
    '%s runs through /api/v2/execute',
    async (_file, runtime) => {
      const res = await piston.get(runtime)!;
      expect(res.status).toBe(200);
      if (res.body.compile) expect(res.body.compile).toMatchObject({ code: 0 });
      expect(res.body.run).toMatchObject({ stdout: 'OK\n', code: 0, signal: null });
    },
  );

  it('resolves every name a runtime lists (the request then fails on its limit, after resolution)', async () => {
    const names = runtimes.flatMap((r) => [r.language, ...r.aliases]);
    const bodies = await Promise.all(
      names.map(async (language) => {
        const res = await http()
          .post('/api/v2/execute')
          .send({ language, version: '*', files: [{ content: '' }], run_timeout: -1 });
        return { language, status: res.status, message: (res.body as { message: string }).message };
      }),
    );
    for (const b of bodies)
      expect(b).toEqual({ language: b.language, status: 400, message: 'run_timeout must be non-negative' });
  });

  it.each(
    Object.keys(JUDGE0_LANGUAGE_IDS)
      .map(Number)
      .filter((id) => id !== JUDGE0_MULTI_FILE_ID),
  )('Judge0 language %i runs its program through /submissions', async (id) => {
    const res = await judge0.get(id)!;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: { id: 3 }, stdout: 'OK\n' });
  });
});
