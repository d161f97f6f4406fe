import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SubmissionQueue } from '../queue/submission-queue.repository';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed'] as const;

/** Outcome of a key's request (rate) or submission (concurrency, CPU-seconds per day). */
export type KeyOutcome = 'accepted' | 'throttled_rate' | 'throttled_concurrency' | 'throttled_cpu';

/**
 * The API's Prometheus metrics, in a registry of its own (several apps may share a test process).
 * Labels are bounded: route templates (never raw URLs), method, status, queue state, key names
 * (chosen by the admin, at most TENANT_BOUNDS.keys); never ids or secrets.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'judgebox_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'judgebox_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly keyRequests = new Counter({
    name: 'judgebox_key_requests_total',
    help: 'Requests made with an API key: accepted, or throttled by its rate',
    labelNames: ['key', 'outcome'],
    registers: [this.registry],
  });
  private readonly keySubmissions = new Counter({
    name: 'judgebox_key_submissions_total',
    help: 'Submissions of an API key: accepted, or throttled by its concurrency or CPU-seconds per day',
    labelNames: ['key', 'outcome'],
    registers: [this.registry],
  });

  constructor(queue: SubmissionQueue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'judgebox_queue_jobs',
      help: 'Submission jobs by queue state, read from Redis at each scrape',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        // Redis away: the gauge keeps its last values rather than failing the whole scrape.
        const counts = await queue.count(...QUEUE_STATES).catch(() => null);
        for (const state of QUEUE_STATES) if (counts) this.set({ state }, counts[state]);
      },
    });
  }

  keyRequest(key: string, outcome: 'accepted' | 'throttled_rate'): void {
    this.keyRequests.inc({ key, outcome });
  }

  keySubmission(key: string, outcome: Exclude<KeyOutcome, 'throttled_rate'>): void {
    this.keySubmissions.inc({ key, outcome });
  }

  /** Express middleware timing every request; the route is known once the response ends. */
  readonly httpMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const labels = {
        method: METHODS.has(req.method ?? '') ? (req.method as string) : 'OTHER',
        route: routeOf(req),
        status: String(res.statusCode),
      };
      end(labels);
      this.requests.inc(labels);
    });
    next();
  };
}

/** Express's matched route template (`/v1/submissions/:id`), or `unmatched` (404s, bad paths). */
function routeOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };
  return typeof r.route?.path === 'string' ? `${r.baseUrl ?? ''}${r.route.path}` : 'unmatched';
}
