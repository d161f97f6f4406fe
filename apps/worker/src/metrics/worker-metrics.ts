import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppConfig } from '@judgebox/config';
import type { PhaseResult, SubmissionResult } from '@judgebox/domain';

/** Stages of a submission's latency, as `judgebox_submission_stage_seconds{stage}`. */
export type Stage = 'queue_wait' | 'sandbox_acquire' | 'compile' | 'run' | 'total';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * A worker's Prometheus metrics (served on its health port), in a registry of its own. Labels are
 * bounded: stage, catalog language, verdict, image folder, kill reason, phase; never ids.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly stages = new Histogram({
    name: 'judgebox_submission_stage_seconds',
    help: 'Submission latency by stage: queue_wait, sandbox_acquire, compile, run (all test cases), total (queued to finished)',
    labelNames: ['stage'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly verdicts = new Counter({
    name: 'judgebox_verdicts_total',
    help: 'Finished submissions by language and verdict',
    labelNames: ['language', 'verdict'],
    registers: [this.registry],
  });
  private readonly kills = new Counter({
    name: 'judgebox_sandbox_kills_total',
    help: 'Phases killed for a limit: oom (cgroup OOM), time (CPU or wall), output (output cap)',
    labelNames: ['reason', 'phase'],
    registers: [this.registry],
  });
  private readonly takes = new Counter({
    name: 'judgebox_sandbox_pool_takes_total',
    help: 'Sandboxes taken for a submission: hit (warm from the pool) or miss (created on the request path)',
    labelNames: ['image', 'result'],
    registers: [this.registry],
  });
  private readonly lifecycle = new Histogram({
    name: 'judgebox_sandbox_lifecycle_seconds',
    help: 'Time to start a sandbox container (created, started, init ready, slot probed) or to stop and remove it',
    labelNames: ['action', 'isolation'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private poolSizes: () => Record<string, number> = () => ({});

  constructor(private readonly config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
    const sizes = (): Record<string, number> => this.poolSizes();
    new Gauge({
      name: 'judgebox_sandbox_pool_idle',
      help: 'Idle warm sandboxes per image (slots in namespace isolation)',
      labelNames: ['image'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [image, n] of Object.entries(sizes())) this.set({ image: imageLabel(image) }, n);
      },
    });
  }

  /** The pool tells how to read its sizes (it needs this class, so it cannot be injected here). */
  observePool(sizes: () => Record<string, number>): void {
    this.poolSizes = sizes;
  }

  sandboxAcquired(image: string, hit: boolean, seconds: number): void {
    this.takes.inc({ image: imageLabel(image), result: hit ? 'hit' : 'miss' });
    this.stages.observe({ stage: 'sandbox_acquire' }, seconds);
  }

  sandboxLifecycle(action: 'start' | 'stop', seconds: number): void {
    this.lifecycle.observe({ action, isolation: this.config.SANDBOX_ISOLATION }, seconds);
  }

  /** A finished submission: its verdict, its phases' kills and times, its time in the queue and in all. */
  submissionFinished(result: SubmissionResult, queuedAtMs: number, startedAtMs: number): void {
    this.verdicts.inc({ language: result.language, verdict: result.verdict });
    this.stages.observe({ stage: 'queue_wait' }, Math.max(0, startedAtMs - queuedAtMs) / 1000);
    this.stages.observe({ stage: 'total' }, Math.max(0, Date.now() - queuedAtMs) / 1000);
    const runs = result.testCases ?? (result.run ? [result.run] : []);
    if (result.compile) this.stages.observe({ stage: 'compile' }, result.compile.wallTimeMs / 1000);
    if (runs.length > 0)
      this.stages.observe({ stage: 'run' }, runs.reduce((s, r) => s + r.wallTimeMs, 0) / 1000);
    this.countKill(result.compile, 'compile');
    for (const run of runs) this.countKill(run, 'run');
  }

  private countKill(phase: PhaseResult | null, name: 'compile' | 'run'): void {
    if (!phase) return;
    const reason = phase.oomKilled
      ? 'oom'
      : phase.killedBy === 'output'
        ? 'output'
        : phase.killedBy
          ? 'time'
          : null;
    if (reason) this.kills.inc({ reason, phase: name });
  }
}

/** `judgebox/python:…` → `python`: the image folder, one per catalog image. */
function imageLabel(image: string): string {
  return image.replace(/^.*\//, '').replace(/:.*$/, '');
}
