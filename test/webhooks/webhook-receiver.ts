import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a receiver checks a judgebox webhook, written from docs/deploy.md alone (it imports nothing
 * of the server): split `Judgebox-Signature` into `t` and every `v1`, recompute HMAC-SHA256 over
 * `<t>.<raw body>` with the shared secret, compare in constant time, refuse a stale `t`.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string,
  header: string | undefined,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.split('=', 2) as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface WebhookHit {
  method: string;
  headers: IncomingHttpHeaders;
  raw: string;
  at: number;
}

export interface WebhookReceiver {
  url(path: string): string;
  hits(path: string): WebhookHit[];
  close(): Promise<void>;
}

/** Records every request by path, on loopback. Paths starting with /flaky answer 500 to their first. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const byPath = new Map<string, WebhookHit[]>();
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = req.url ?? '';
      const hits = byPath.get(path) ?? [];
      hits.push({ method: req.method ?? '', headers: req.headers, raw, at: Date.now() });
      byPath.set(path, hits);
      res.statusCode = path.startsWith('/flaky') && hits.length === 1 ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits: (path) => byPath.get(path) ?? [],
    close: () => new Promise((r) => server.close(() => r())),
  };
}
