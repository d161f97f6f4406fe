import { Injectable } from '@nestjs/common';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppConfig } from '@judgebox/config';
import { JUDGE0_BOUNDS } from '@judgebox/domain';
import { resolveCallbackHost, type ResolvedHost } from './callback-address';

const { callbackTimeoutMs: CALLBACK_TIMEOUT_MS } = JUDGE0_BOUNDS;

/**
 * The HTTP side of Judge0's webhooks: checks a `callback_url` when a submission is accepted, and
 * sends one PUT when a delivery job runs (Judge0CallbacksProcessor; retries are that job's).
 */
@Injectable()
export class Judge0CallbacksService {
  constructor(private readonly config: AppConfig) {}

  /** Checks a callback URL before the submission is accepted: an error message, or null. */
  async refusal(url: string): Promise<string | null> {
    const resolved = await resolveCallbackHost(new URL(url).hostname, this.allowHosts());
    return 'error' in resolved ? resolved.error : null;
  }

  /**
   * One PUT to the address checked just now (the check runs again at every try): the socket goes
   * to that address and no other. Resolves to the answer's status; rejects on a refused address,
   * a failed connection or no answer within callbackTimeoutMs.
   */
  async put(url: string, body: string): Promise<number> {
    const target = new URL(url);
    const resolved = await resolveCallbackHost(target.hostname, this.allowHosts());
    if ('error' in resolved) throw new Error(`callback_url ${resolved.error}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const options: RequestOptions = {
      method: 'PUT',
      lookup: pinnedLookup(resolved),
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      timeout: CALLBACK_TIMEOUT_MS,
    };
    return new Promise<number>((resolve, reject) => {
      const req = send(target, options, (res) => {
        // Only the status matters: the body is never read, and a receiver cannot hold the socket open.
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      // `timeout` above is per idle socket; this bounds the whole exchange, even a slow trickle.
      const deadline = setTimeout(
        () => req.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)),
        CALLBACK_TIMEOUT_MS,
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.on('close', () => clearTimeout(deadline));
      req.end(body);
    });
  }

  private allowHosts(): string[] {
    return this.config.JUDGE0_CALLBACK_ALLOW_HOSTS.split(',')
      .map((h) => h.trim())
      .filter((h) => h.length > 0);
  }
}

function pinnedLookup(resolved: ResolvedHost): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: resolved.address, family: resolved.family }]);
    else callback(null, resolved.address, resolved.family);
  };
}
