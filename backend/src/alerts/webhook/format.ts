// What a webhook receives, per format. Every format carries the same signature headers, so any
// receiver can check them: X-Tickstream-Signature is `sha256=` + hex HMAC-SHA256 of
// `<X-Tickstream-Timestamp>.<raw body>` with ALERT_WEBHOOK_SECRET (absent when no secret is set).
import { createHmac } from 'node:crypto';
import type { AlertEvent, WebhookFormat } from '@tickstream/shared';
import { describeFiring } from '../describe.ts';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** The generic JSON body: everything a receiver needs, stable field names. */
export function genericBody(event: AlertEvent, test: boolean) {
  return {
    type: test ? 'alert.test' : 'alert.fired',
    eventId: event.id,
    alertId: event.alertId,
    symbol: event.symbol,
    condition: event.condition,
    price: event.price,
    observed: event.observed,
    tickTime: event.tickTime,
    firedAtMs: event.firedAtMs,
    note: event.note,
    message: describeFiring(event),
  };
}

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function buildRequest(event: AlertEvent, format: WebhookFormat, opts: { secret: string | undefined; nowMs: number; test: boolean }): WebhookRequest {
  const text = `${opts.test ? '[test] ' : ''}${describeFiring(event)}`;
  let body: string;
  const headers: Record<string, string> = {
    'User-Agent': 'tickstream-alerts/1',
    'X-Tickstream-Event': opts.test ? 'alert.test' : 'alert.fired',
    // The same on every retry of one firing: receivers can drop repeats.
    'X-Tickstream-Delivery': opts.test ? `test-${event.alertId}-${opts.nowMs}` : String(event.id),
  };
  switch (format) {
    case 'ntfy':
      // ntfy publishes a plain-text POST to the topic URL; Title/Tags/Priority are its headers.
      body = text;
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      headers.Title = `Tickstream: ${event.symbol}`;
      headers.Tags = 'chart_with_upwards_trend';
      headers.Priority = 'high';
      break;
    case 'discord':
      body = JSON.stringify({ content: text, username: 'Tickstream' });
      headers['Content-Type'] = 'application/json';
      break;
    case 'slack':
      body = JSON.stringify({ text });
      headers['Content-Type'] = 'application/json';
      break;
    default:
      body = JSON.stringify(genericBody(event, opts.test));
      headers['Content-Type'] = 'application/json';
  }
  const timestamp = String(Math.floor(opts.nowMs / 1000));
  headers['X-Tickstream-Timestamp'] = timestamp;
  if (opts.secret) headers['X-Tickstream-Signature'] = sign(opts.secret, timestamp, body);
  return { body, headers };
}
