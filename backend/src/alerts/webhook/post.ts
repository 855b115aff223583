// One POST to a webhook, as a recorded attempt. Uses node:http(s) with its own DNS lookup so the
// address actually connected to is the one checked: a host name resolving to a link-local or
// metadata address is refused at connect time (no DNS-rebinding window), redirects are not followed.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, isRefusedWebhookAddress, type DeliveryAttempt } from '@tickstream/shared';
import type { WebhookRequest } from './format.ts';

export const WEBHOOK_TIMEOUT_MS = 5000;
const MAX_RESPONSE_BYTES = 64 * 1024;

class RefusedAddress extends Error {}

/** dns.lookup, refusing every answer when any resolved address is not allowed. */
export function guardedLookup(resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.find((a) => isRefusedWebhookAddress(a.address));
      if (bad) return callback(new RefusedAddress(`${hostname} resolves to ${bad.address}, a link-local or cloud metadata address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export interface PostOptions {
  timeoutMs?: number;
  lookup?: LookupFunction;
  now?: () => number;
}

export function postWebhook(url: string, req: WebhookRequest, attempt: number, opts: PostOptions = {}): Promise<DeliveryAttempt> {
  const now = opts.now ?? Date.now;
  const atMs = now();
  const started = performance.now();
  const done = (outcome: DeliveryAttempt['outcome'], httpStatus: number | null, error: string | null): DeliveryAttempt => ({
    attempt,
    atMs,
    outcome,
    httpStatus,
    error,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  });
  const checked = checkWebhookUrl(url);
  if (!checked.ok) return Promise.resolve(done('refused', null, `webhook URL ${checked.message}`));
  const target = new URL(checked.url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (a: DeliveryAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body)) },
        lookup: opts.lookup ?? guardedLookup(),
        agent: false,
      },
      (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy();
        });
        const status = res.statusCode ?? 0;
        const outcome = () => finish(status >= 200 && status < 300 ? done('delivered', status, null) : done('http_error', status, `HTTP ${status}`));
        res.on('end', outcome);
        res.on('close', outcome);
        res.on('error', outcome);
      },
    );
    const timer = setTimeout(() => {
      finish(done('timeout', null, `no answer within ${opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`));
      request.destroy();
    }, opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    request.on('error', (err) => {
      if (err instanceof RefusedAddress || (err as { cause?: unknown }).cause instanceof RefusedAddress) finish(done('refused', null, err.message));
      else finish(done('network_error', null, err.message));
    });
    request.end(req.body);
  });
}
