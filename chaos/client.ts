import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { httpJson } from '../bench/http';

/** A submission whose output carries its own nonce twice: once from its source, once from its stdin. */
export interface NonceSubmission {
  nonce: string;
  body: { language: string; source: string; stdin: string; limits?: { wallTimeMs: number } };
  expected: string;
}

export function nonceSubmission(sleepMs = 0, wallTimeMs?: number): NonceSubmission {
  const nonce = randomBytes(8).toString('hex');
  const sleep = sleepMs > 0 ? `import time; time.sleep(${sleepMs / 1000})\n` : '';
  return {
    nonce,
    body: {
      language: 'python',
      source: `${sleep}print("src-${nonce}")\nprint(input())\n`,
      stdin: `in-${nonce}`,
      ...(wallTimeMs ? { limits: { wallTimeMs } } : {}),
    },
    expected: `src-${nonce}\nin-${nonce}\n`,
  };
}

interface View {
  id?: string;
  state?: string;
  result?: { verdict?: string; finishedAt?: string; run?: { stdout?: string } | null } | null;
}

/** What one client saw of one submission, polling GET /v1/submissions/:id. */
export type Outcome = 'ok' | 'wrong' | 'lost' | 'finished_without_result' | 'timed_out';

export interface Seen {
  sub: NonceSubmission;
  id: string;
  outcome: Outcome;
  /** stdout of the result, for the duplicate check across submissions. */
  stdout: string;
  /** When the client saw it finished (epoch ms), or NaN. */
  finishedAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** POST without wait; retries while the API is unreachable (the submission was not accepted yet). */
export async function post(
  api: string,
  sub: NonceSubmission,
  agent?: Agent,
  deadline = Date.now() + 120_000,
): Promise<string> {
  for (;;) {
    try {
      const res = await httpJson('POST', `${api}/v1/submissions`, sub.body, agent, 30_000);
      if (res.status === 202) return (JSON.parse(res.body) as View).id ?? '';
      if (res.status !== 503) throw new Error(`POST answered ${res.status}: ${res.body.slice(0, 200)}`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await sleep(250);
  }
}

/**
 * Polls every `everyMs` until finished. A finished view without a result is counted (once seen it
 * is the outcome); 404 is a lost submission; network errors and 5xx (the API or Redis restarting)
 * are waited out until the deadline.
 */
export async function pollUntilFinished(
  api: string,
  sub: NonceSubmission,
  id: string,
  deadline: number,
  agent?: Agent,
  everyMs = 100,
): Promise<Seen> {
  const seen = (outcome: Outcome, stdout = '', finishedAt = NaN): Seen => ({
    sub,
    id,
    outcome,
    stdout,
    finishedAt,
  });
  while (Date.now() < deadline) {
    const res = await httpJson('GET', `${api}/v1/submissions/${id}`, undefined, agent, 10_000).catch(
      () => null,
    );
    if (res?.status === 404) return seen('lost');
    if (res?.status === 200) {
      const view = JSON.parse(res.body) as View;
      if (view.state === 'finished' && !view.result) return seen('finished_without_result', '', Date.now());
      if (view.state === 'finished') {
        const stdout = view.result?.run?.stdout ?? '';
        return seen(
          stdout === sub.expected && view.result?.verdict === 'ok' ? 'ok' : 'wrong',
          stdout,
          Date.now(),
        );
      }
    }
    await sleep(everyMs);
  }
  return seen('timed_out');
}

export interface Tally {
  n: number;
  ok: number;
  wrong: number;
  lost: number;
  finishedWithoutResult: number;
  timedOut: number;
  /** A nonce found in the result of another submission (or twice in one). */
  duplicated: number;
}

export function tally(all: Seen[]): Tally {
  const count = (o: Outcome): number => all.filter((s) => s.outcome === o).length;
  let duplicated = 0;
  for (const s of all) {
    const foreign = all.filter((o) => o !== s && o.stdout.includes(s.sub.nonce)).length;
    const twice = s.stdout.split(s.sub.nonce).length - 1 > 2;
    if (foreign > 0 || twice) duplicated++;
  }
  return {
    n: all.length,
    ok: count('ok'),
    wrong: count('wrong'),
    lost: count('lost'),
    finishedWithoutResult: count('finished_without_result'),
    timedOut: count('timed_out'),
    duplicated,
  };
}

/** `n` submissions by `concurrency` clients, each POSTing then polling its own; returns what they saw. */
export async function closedLoad(
  api: string,
  n: number,
  concurrency: number,
  timeoutMs: number,
  agent?: Agent,
): Promise<Seen[]> {
  const out: Seen[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < n) {
      next++;
      const sub = nonceSubmission();
      const id = await post(api, sub, agent);
      out.push(await pollUntilFinished(api, sub, id, Date.now() + timeoutMs, agent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return out;
}
