// The browser's calls to /api/alerts, through send(). Answers are validated with the shared zod
// schemas (a server of another version fails loudly here, not deep in a component); writes carry
// the API token like the portfolio's.
import {
  alertEventsResponseSchema,
  alertSchema,
  alertsResponseSchema,
  alertTestResponseSchema,
  type Alert,
  type AlertCondition,
  type AlertEventsResponse,
  type AlertsResponse,
  type AlertTestResponse,
  type MarketHours,
  type WebhookFormat,
} from '@tickstream/shared';
import type * as z from 'zod/mini';
import { ApiError, send, type Fetch } from './send.ts';
import type { TokenStore } from './token.ts';

/** What the page sends (the server's alertInputSchema / alertPatchSchema decide what is valid). */
export interface AlertBody {
  symbol?: string;
  condition?: AlertCondition;
  repeat?: 'once' | 'every';
  cooldownSeconds?: number;
  marketHours?: MarketHours;
  enabled?: boolean;
  note?: string;
  webhookUrl?: string | null;
  webhookFormat?: WebhookFormat;
}

export interface EventsPage {
  /** events after this id, oldest first */
  since?: number;
  /** older than this id, newest first */
  before?: number;
  limit?: number;
  alertId?: number;
}

function parsed<T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ApiError(200, 'BAD_RESPONSE', `${what}: unexpected answer (${r.error.issues[0]?.message ?? 'invalid'})`);
  return r.data;
}

/** The URL of one page of stored alert events. */
export function alertEventsPath(page: EventsPage = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(page)) if (v !== undefined) params.set(k, String(v));
  return `/api/alerts/events${params.size > 0 ? `?${params}` : ''}`;
}

export class AlertsApi {
  #fetch: Fetch;
  #tokens: TokenStore;

  constructor(fetchFn: Fetch, tokens: TokenStore) {
    this.#fetch = fetchFn;
    this.#tokens = tokens;
  }

  setToken(token: string | null): void {
    this.#tokens.set(token && token.trim() !== '' ? token.trim() : null);
  }

  async list(signal?: AbortSignal): Promise<AlertsResponse> {
    return parsed(alertsResponseSchema, await send(this.#fetch, '/api/alerts', signal ? { signal } : {}), 'GET /api/alerts');
  }

  async create(body: AlertBody): Promise<Alert> {
    return parsed(alertSchema, await this.#write('POST', '/api/alerts', body), 'POST /api/alerts');
  }

  async update(id: number, body: AlertBody): Promise<Alert> {
    return parsed(alertSchema, await this.#write('PATCH', `/api/alerts/${id}`, body), 'PATCH /api/alerts/:id');
  }

  async remove(id: number): Promise<void> {
    await this.#write('DELETE', `/api/alerts/${id}`);
  }

  async test(id: number): Promise<AlertTestResponse> {
    return parsed(alertTestResponseSchema, await this.#write('POST', `/api/alerts/${id}/test`), 'POST /api/alerts/:id/test');
  }

  async events(page: EventsPage = {}): Promise<AlertEventsResponse> {
    return parsed(alertEventsResponseSchema, await send(this.#fetch, alertEventsPath(page)), 'GET /api/alerts/events');
  }

  #write(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return send(this.#fetch, path, { method, tokens: this.#tokens, ...(body !== undefined ? { body } : {}) });
  }
}
