import { createHmac } from 'node:crypto';

/** Header carrying a webhook's timestamp and signature, as Stripe's `Stripe-Signature`. */
export const SIGNATURE_HEADER = 'Judgebox-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`. The timestamp is signed
 * with the body so a captured request cannot be replayed later than the receiver's tolerance
 * (WEBHOOK_BOUNDS.signatureToleranceSeconds); `v1` names the scheme so another can be added beside it.
 */
export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/** Every header of one webhook POST but the content ones; signed afresh at each try. */
export function webhookHeaders(
  secret: string,
  body: string,
  submissionId: string,
  attempt: number,
  now = Date.now(),
): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(now / 1000)),
    'Judgebox-Submission-Id': submissionId,
    'Judgebox-Delivery-Attempt': String(attempt),
    'User-Agent': 'judgebox-webhooks',
  };
}
