import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Limits, SubmissionResult } from '@judgebox/domain';
import { loadConfig, type AppConfig } from '@judgebox/config';
import { createApi, type TestApi } from '../../support/api';
import { startWorker } from '../../support/worker';
import { expectHostClean, expectWorkerHealthy, hostSnapshot, type HostSnapshot } from './host';
import { testPrefix } from '../../support/prefix';

export type Language = 'python' | 'javascript' | 'c' | 'cpp' | 'bash';

/** A result as the API returns it; `run` and `compile` are non-null in most assertions. */
export type Result = SubmissionResult & { run: NonNullable<SubmissionResult['run']> };

/** One hostile program and the exact safe outcome it must produce. */
export interface HostileCase {
  name: string;
  language: Language;
  /** One file named as the language expects; or `files` for several. */
  source?: string;
  files?: { name: string; content: string; encoding?: 'utf8' | 'base64' }[];
  limits?: Partial<Limits>;
  stdin?: string;
  args?: string[];
  /** Runs after the result arrived; for checks on the host (files, processes). */
  expect: (result: Result, ctx: CaseContext) => void | Promise<void>;
}

export interface CaseContext {
  /** ms from sending the request to the answer, measured by the test. */
  elapsedMs: number;
  suite: SecuritySuite;
}

/**
 * The isolation the suites run under (SANDBOX_ISOLATION, as the worker reads it). CI runs the
 * security suite in both; where they differ, each case asserts what its mode must give.
 */
export const ISOLATION = loadConfig().SANDBOX_ISOLATION;
export const NAMESPACE = ISOLATION === 'namespace';
/**
 * Sandboxes under gVisor (SANDBOX_RUNTIME=runsc, container isolation): the program's syscalls are
 * served by gVisor's kernel; where it answers differently, each case asserts what gVisor gives.
 */
export const GVISOR = loadConfig().SANDBOX_RUNTIME === 'runsc';
/**
 * Limits for a case that checks containment, not speed, whose program costs gVisor's Sentry (charged
 * to the sandbox) near the default CPU limit: a walk of the image, a dozen spawns, node's start-up
 * (0.8-1.8 s of wall time there; 2.06 s of CPU once, under a loaded CI). Nothing elsewhere.
 */
export const GVISOR_HEADROOM: Pick<HostileCase, 'limits'> = GVISOR
  ? { limits: { cpuTimeMs: 15_000, wallTimeMs: 25_000 } }
  : {};

/** Slack on top of a limit for the result to arrive: a safety bound, not a speed assertion. */
export const GRACE_MS = 3_000;

export interface SecuritySuite {
  api: TestApi;
  worker: INestApplication;
  workerId: string;
  submit(body: object): Promise<Result>;
}

/**
 * One real worker and API per file, on a fresh queue prefix and a worker id of its own, so the
 * after-suite checks look only at this file's containers even when other suites share the engine.
 */
jest.setTimeout(120_000);

export function useSecuritySuite(overrides: Partial<AppConfig> = {}): SecuritySuite {
  const suite = {} as SecuritySuite;
  let before: HostSnapshot;
  beforeAll(async () => {
    before = hostSnapshot();
    const prefix = testPrefix();
    suite.workerId = `security-${randomUUID().slice(0, 8)}`;
    suite.worker = await startWorker(prefix, { WORKER_ID: suite.workerId, ...overrides });
    suite.api = await createApi({ QUEUE_PREFIX: prefix });
    suite.submit = async (body) => {
      const res = await suite.api.request.post('/v1/submissions?wait=true').send(body);
      if (res.status !== 200 || res.body.state !== 'finished') {
        throw new Error(`submission did not finish: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      }
      return res.body.result as Result;
    };
  });
  afterAll(async () => {
    try {
      if (suite.api) await expectWorkerHealthy(suite);
    } finally {
      await suite.api?.close();
      await suite.worker?.close();
    }
    // once the worker has stopped, nothing of it may be left: warm pool containers included
    await expectHostClean(suite.workerId, before);
  });
  return suite;
}

/** Registers one test per case; a failing case prints the whole result. */
export function runCases(suite: SecuritySuite, cases: HostileCase[]): void {
  for (const c of cases) {
    it(`${c.language}: ${c.name}`, async () => {
      const body = {
        language: c.language,
        ...(c.files ? { files: c.files } : { source: c.source }),
        ...(c.limits ? { limits: c.limits } : {}),
        ...(c.stdin !== undefined ? { stdin: c.stdin } : {}),
        ...(c.args ? { args: c.args } : {}),
      };
      const started = Date.now();
      const result = await suite.submit(body);
      const elapsedMs = Date.now() - started;
      try {
        await c.expect(result, { elapsedMs, suite });
      } catch (err) {
        (err as Error).message += `\n--- result ---\n${JSON.stringify(brief(result), null, 1)}`;
        throw err;
      }
    });
  }
}

function brief(r: Result): object {
  const cut = (s: string | undefined): string | undefined =>
    s && s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
  const phase = (p: Result['compile']) => p && { ...p, stdout: cut(p.stdout), stderr: cut(p.stderr) };
  return { verdict: r.verdict, message: r.message, compile: phase(r.compile), run: phase(r.run) };
}

/** Lines of stdout, trimmed, without empty ones. */
export function lines(r: Result): string[] {
  return r.run.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A value of a `key: value` line printed by the program. */
export function reported(r: Result, key: string): string | undefined {
  const line = lines(r).find((l) => l.startsWith(`${key}:`));
  return line?.slice(key.length + 1).trim();
}

/** Expects a clean exit with the given `key: value` lines printed (a RegExp matches a value). */
export function expectReports(r: Result, want: Record<string, string | RegExp>): void {
  expect(r.verdict).toBe('ok');
  const got: Record<string, string | undefined> = {};
  const wanted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(want)) {
    got[key] = reported(r, key);
    wanted[key] = typeof value === 'string' ? value : expect.stringMatching(value);
  }
  expect(got).toEqual(wanted);
}
