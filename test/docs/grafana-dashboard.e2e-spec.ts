import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@judgebox/config';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import type { SubmissionQueue } from '../../apps/api/src/queue/submission-queue.repository';
import { WorkerMetrics } from '../../apps/worker/src/metrics/worker-metrics';

interface Panel {
  title: string;
  targets: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'deploy', 'grafana', 'judgebox-dashboard.json'), 'utf8'),
) as { panels: Panel[] };

/** A queue that only counts (the API's gauge reads it at each scrape). */
const countsOnly = {
  count: (...states: string[]) => Promise.resolve(Object.fromEntries(states.map((s) => [s, 0]))),
} as unknown as SubmissionQueue;

/** Every metric name the API and the worker export, histogram series included. */
async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  const registries = [new ApiMetrics(countsOnly).registry, new WorkerMetrics(new AppConfig()).registry];
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

describe('the Grafana dashboard (deploy/grafana)', () => {
  it('queries only metrics that judgebox exports', async () => {
    const names = await exported();
    const queried = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => [...t.expr.matchAll(/\bjudgebox_[a-z_]+/g)].map((m) => [p.title, m[0]])),
    );
    expect(queried.length).toBeGreaterThan(10);
    const unknown = queried.filter(([, name]) => !names.has(name));
    expect(unknown).toEqual([]);
  });

  it('has a panel for every judgebox metric', async () => {
    const names = [...(await exported())].filter((n) => n.startsWith('judgebox_'));
    const text = JSON.stringify(dashboard.panels);
    const base = (n: string) => n.replace(/_(bucket|sum|count)$/, '');
    expect(names.filter((n) => !text.includes(base(n)))).toEqual([]);
  });
});
