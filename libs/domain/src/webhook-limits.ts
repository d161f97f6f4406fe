/**
 * Fixed bounds of the native API's webhooks (`callbackUrl`), which no client chooses. A delivery
 * is one POST per try; a try that fails (no answer, a refused address, a status of 400 or more) is
 * retried after webhookBackoffMs, doubled at each try (1 s, 2 s, 4 s, … with the defaults).
 */
export const WEBHOOK_BOUNDS = {
  callbackUrlLength: 2_048,
  /** POSTs of one webhook: the first and its retries. */
  webhookTries: 6,
  /** Each POST: connect, send, and the receiver's status line, all within this. */
  webhookTimeoutMs: 5_000,
  /** Delay before the first retry; each later one waits twice the one before. */
  webhookBackoffMs: 1_000,
  /** A receiver should refuse a signature older than this (docs/deploy.md). */
  signatureToleranceSeconds: 300,
} as const;
