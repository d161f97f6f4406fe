/**
 * `npm run chaos`: judgebox under faults, on the real stack (its own durable Redis, the API and
 * workers from dist/, the real Docker engine). Prints a Markdown table; exits 0 when every target
 * held, 1 otherwise. Not part of `npm test` (test/chaos runs reduced versions of (a) and (b)).
 * See docs/durability.md.
 */
import { build, httpOk, sleep, waitFor } from '../bench/stack';
import { engineRestart } from './engine';
import { apiKill, load, redisRestart, workerKill, type ScenarioResult } from './scenarios';
import { ChaosStack } from './stack';

const int = (name: string, def: number): number => Number(process.env[name] ?? def);
const CFG = {
  n: int('CHAOS_N', 1000),
  concurrency: int('CHAOS_CONCURRENCY', 16),
  waiting: int('CHAOS_REDIS_N', 100),
  pool: process.env.CHAOS_POOL ?? 'python=4,*=1',
  only: (process.env.CHAOS_ONLY ?? 'a,b,c,d,e').split(','),
};
const log = (s: string): void => console.error(`[chaos] ${s}`);

function render(rows: ScenarioResult[]): string {
  const head =
    '| scenario | n | ok | lost | duplicated | wrong | finished without result | figure | target | |';
  const lines = rows.map((r) => {
    const t = r.tally;
    const cells = t
      ? [t.n, t.ok, t.lost + t.timedOut, t.duplicated, t.wrong, t.finishedWithoutResult]
      : ['—', '—', '—', '—', '—', '—'];
    const verdict = r.pass === null ? 'SKIP' : r.pass ? 'PASS' : 'FAIL';
    return `| ${r.name} | ${cells.join(' | ')} | ${r.figure} | ${r.target} | ${verdict} |`;
  });
  return [head, '|---|--:|--:|--:|--:|--:|--:|---|---|---|', ...lines].join('\n');
}

async function scenarios(stack: ChaosStack): Promise<ScenarioResult[]> {
  const rows: ScenarioResult[] = [];
  const run = async (
    key: string,
    what: string,
    fn: () => Promise<ScenarioResult | ScenarioResult[]>,
  ): Promise<void> => {
    if (!CFG.only.includes(key)) return;
    log(what);
    const out = await fn();
    rows.push(...(Array.isArray(out) ? out : [out]));
    log(render(rows.slice(-1)));
  };
  await run('a', `(a) ${CFG.n} submissions at concurrency ${CFG.concurrency}`, () =>
    load(stack, CFG.n, CFG.concurrency),
  );
  await run('b', '(b) SIGKILL a worker mid-job', () => workerKill(stack));
  await run('c', `(c) restart Redis while ${CFG.waiting} wait`, () => redisRestart(stack, CFG.waiting));
  await run('e', '(e) SIGKILL the API under wait=true requests', () => apiKill(stack));
  await run('d', '(d) restart the Docker engine', () => engineRestart(stack, CFG.pool));
  return rows;
}

async function main(): Promise<number> {
  log('building');
  build();
  const stack = new ChaosStack(CFG.pool);
  const stop = (): void => void stack.close().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    await stack.startRedis();
    await stack.startApi();
    await stack.startWorker('main');
    await waitFor('API ready', () => httpOk(`${stack.apiUrl}/health/ready`), stack.children);
    await sleep(1_000);
    const rows = await scenarios(stack);
    console.log(render(rows));
    return rows.every((r) => r.pass !== false) ? 0 : 1;
  } catch (err) {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    for (const c of stack.children) log(`${c.name} log tail:\n${c.logTail()}`);
    return 1;
  } finally {
    await stack.close();
  }
}

void main().then((code) => process.exit(code));
