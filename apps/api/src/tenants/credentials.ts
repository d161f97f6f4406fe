import { timingSafeEqual } from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The credential a request carries: `Authorization: Bearer <key>`, `X-API-Key: <key>`, and on
 * Judge0 routes also Judge0's `X-Auth-Token` (header or query parameter, as Judge0 accepts it).
 */
export function credentialOf(
  headers: Headers,
  query: Record<string, unknown>,
  judge0: boolean,
): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  if (!judge0) return null;
  const token = headers['x-auth-token'] ?? query['X-Auth-Token'];
  return typeof token === 'string' && token.length > 0 ? token : null;
}

/** Whether `given` is one of `secrets`, compared in constant time. */
export function matchesAny(given: string, secrets: readonly string[]): boolean {
  const g = Buffer.from(given);
  return secrets.some((s) => {
    const b = Buffer.from(s);
    return b.length === g.length && timingSafeEqual(b, g);
  });
}
