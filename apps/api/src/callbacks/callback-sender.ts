import { Injectable } from '@nestjs/common';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveCallbackHost, type ResolvedHost } from './callback-address';

/** One HTTP request of a callback: Judge0's PUT, or the native API's signed POST. */
export interface CallbackRequest {
  method: 'PUT' | 'POST';
  url: string;
  body: string;
  /** Added to Content-Type and Content-Length. */
  headers?: Record<string, string>;
  /** Host names that may resolve to private or loopback addresses (a setting per adapter). */
  allowHosts: readonly string[];
  timeoutMs: number;
}

/**
 * The HTTP side of every callback (Judge0's `callback_url`, the native `callbackUrl`): checks a
 * URL's host before a submission is accepted, and sends one request when a delivery job runs
 * (retries are that job's attempts). The one place that opens a socket to a client's address.
 */
@Injectable()
export class CallbackSender {
  /** Checks a callback URL before the submission is accepted: an error message, or null. */
  async refusal(url: string, allowHosts: readonly string[]): Promise<string | null> {
    const resolved = await resolveCallbackHost(new URL(url).hostname, allowHosts);
    return 'error' in resolved ? resolved.error : null;
  }

  /**
   * One request to the address checked just now (the check runs again at every try): the socket
   * goes to that address and no other, so a DNS answer that changed since cannot redirect it.
   * Resolves to the answer's status; rejects on a refused address, a failed connection or no
   * answer within `timeoutMs`. Redirects are not followed.
   */
  async send(req: CallbackRequest): Promise<number> {
    const target = new URL(req.url);
    const resolved = await resolveCallbackHost(target.hostname, req.allowHosts);
    if ('error' in resolved) throw new Error(`callback URL ${resolved.error}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const options: RequestOptions = {
      method: req.method,
      lookup: pinnedLookup(resolved),
      headers: {
        ...req.headers,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(req.body),
      },
      timeout: req.timeoutMs,
    };
    const late = (): Error => new Error(`no answer within ${req.timeoutMs} ms`);
    return new Promise<number>((resolve, reject) => {
      const outgoing = send(target, options, (res) => {
        // Only the status matters: the body is never read, and a receiver cannot hold the socket open.
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      // `timeout` above is per idle socket; this bounds the whole exchange, even a slow trickle.
      const deadline = setTimeout(() => outgoing.destroy(late()), req.timeoutMs);
      outgoing.on('timeout', () => outgoing.destroy(late()));
      outgoing.on('error', reject);
      outgoing.on('close', () => clearTimeout(deadline));
      outgoing.end(req.body);
    });
  }
}

function pinnedLookup(resolved: ResolvedHost): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: resolved.address, family: resolved.family }]);
    else callback(null, resolved.address, resolved.family);
  };
}
