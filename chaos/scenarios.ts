import { SUBMISSION_LOCK } from '@judgebox/queue';
import { httpJson } from '../bench/http';
import { sleep } from '../bench/stack';
import {
  closedLoad,
  nonceSubmission,
  pollUntilFinished,
  post,
  tally,
  type NonceSubmission,
  type Seen,
  type Tally,
} from './client';
import type { ChaosStack } from './stack';

/** One row of the report: what was done, what was counted, and whether the target held. */
export interface ScenarioResult {
  name: string;
  tally: Tally | null;
  /** The scenario's own figure (e.g. recovery time), as text. */
  figure: string;
  target: string;
  pass: boolean | null;
}

const clean = (t: Tally): boolean => t.ok === t.n && t.n > 0;
/** The latest time a client saw a submission finished (results without a stdout count too). */
const lastFinish = (seen: Seen[]): number =>
  Math.max(...seen.map((x) => x.finishedAt).filter(Number.isFinite));

/** (a) n submissions by `concurrency` pollers: none lost, duplicated, wrong or finished without result. */
export async function load(stack: ChaosStack, n: number, concurrency: number): Promise<ScenarioResult> {
  const started = Date.now();
  const t = tally(await closedLoad(stack.apiUrl, n, concurrency, 600_000));
  const s = (Date.now() - started) / 1000;
  return {
    name: `(a) ${n} submissions, concurrency ${concurrency}`,
    tally: t,
    figure: `${s.toFixed(0)} s, ${(n / s).toFixed(2)}/s`,
    target: 'all ok',
    pass: clean(t),
  };
}

/** (b) a second worker, both busy; SIGKILL one mid-job: every job finishes within the bound. */
export async function workerKill(stack: ChaosStack): Promise<ScenarioResult> {
  const wallMs = 8_000;
  const bound = SUBMISSION_LOCK.lockDuration + SUBMISSION_LOCK.stalledInterval + wallMs;
  await stack.startWorker('victim', { WORKER_CONCURRENCY: '2' });
  const subs = Array.from({ length: 4 }, () => nonceSubmission(3_000, wallMs));
  const ids = await Promise.all(subs.map((s) => post(stack.apiUrl, s)));
  await waitUntil(
    async () =>
      (await Promise.all(ids.map((id) => stack.queue!.getJobState(id)))).every((s) => s === 'active'),
    20_000,
  );
  await stack.killWorker('victim');
  const killedAt = Date.now();
  const seen = await Promise.all(
    ids.map((id, i) => pollUntilFinished(stack.apiUrl, subs[i], id, killedAt + 120_000)),
  );
  const recovery = lastFinish(seen) - killedAt;
  const t = tally(seen);
  return {
    name: '(b) SIGKILL a worker mid-job (4 jobs of 3 s on 2 workers)',
    tally: t,
    figure: `last job done ${(recovery / 1000).toFixed(1)} s after the kill`,
    target: `≤ ${bound / 1000} s (lock ${SUBMISSION_LOCK.lockDuration / 1000} + stalled check ${SUBMISSION_LOCK.stalledInterval / 1000} + wall ${wallMs / 1000})`,
    pass: clean(t) && recovery <= bound,
  };
}

/** (c) 100 submissions waiting; Redis restarted (graceful, AOF): every one finishes afterwards. */
export async function redisRestart(stack: ChaosStack, n = 100): Promise<ScenarioResult> {
  const subs = Array.from({ length: n }, () => nonceSubmission());
  const ids: string[] = [];
  for (const s of subs) ids.push(await post(stack.apiUrl, s));
  const counts = await stack.queue!.getJobCounts('waiting', 'prioritized', 'delayed');
  const waiting = Object.values(counts).reduce((a, b) => a + b, 0);
  const down = Date.now();
  stack.stopRedis();
  await sleep(2_000);
  await stack.startRedis();
  const outage = Date.now() - down;
  const seen = await Promise.all(
    ids.map((id, i) => pollUntilFinished(stack.apiUrl, subs[i], id, Date.now() + 600_000, undefined, 500)),
  );
  const lastDone = lastFinish(seen) - down;
  const t = tally(seen);
  return {
    name: `(c) restart Redis while ${waiting} of ${n} wait`,
    tally: t,
    figure: `Redis away ${(outage / 1000).toFixed(1)} s; all done ${(lastDone / 1000).toFixed(0)} s after`,
    target: 'all ok after the restart',
    pass: clean(t) && waiting > 0,
  };
}

/** (e) SIGKILL the API while clients hold wait=true requests; each result is readable after. */
export async function apiKill(stack: ChaosStack, n = 8): Promise<ScenarioResult> {
  const subs = Array.from({ length: n }, () => nonceSubmission(2_000, 8_000));
  const answers = subs.map((s) =>
    httpJson('POST', `${stack.apiUrl}/v1/submissions?wait=true`, s.body, undefined, 60_000).then(
      () => 'answered',
      () => 'cut',
    ),
  );
  await sleep(1_500);
  process.kill(stack.api!.pid, 'SIGKILL');
  const cut = (await Promise.all(answers)).filter((a) => a === 'cut').length;
  await stack.startApi();
  // A client whose wait=true request was cut never learnt its id: it is looked up by nonce here.
  const ids = await idsByNonce(stack, subs);
  const seen: Seen[] = await Promise.all(
    subs.map((s, i) =>
      ids[i]
        ? pollUntilFinished(stack.apiUrl, s, ids[i], Date.now() + 120_000)
        : Promise.resolve(lostSeen(s)),
    ),
  );
  const t = tally(seen);
  return {
    name: `(e) SIGKILL the API under ${n} wait=true requests`,
    tally: t,
    figure: `${cut} requests cut`,
    target: 'all readable and ok',
    pass: clean(t) && cut === n,
  };
}

async function idsByNonce(stack: ChaosStack, subs: NonceSubmission[]): Promise<(string | undefined)[]> {
  const jobs = await stack.queue!.getJobs([
    'waiting',
    'active',
    'completed',
    'failed',
    'delayed',
    'prioritized',
  ]);
  return subs.map((s) => jobs.find((j) => j?.data.request.stdin === s.body.stdin)?.id);
}

function lostSeen(sub: NonceSubmission): Seen {
  return { sub, id: '', outcome: 'lost', stdout: '', finishedAt: NaN };
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}
