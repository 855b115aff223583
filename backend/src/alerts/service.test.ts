import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { alertInputSchema } from '@tickstream/shared';
import { noAlerts } from '../../test/fixtures/no-alerts.ts';
import type { Store } from '../store/types.ts';
import { createAlertService } from './service.ts';

function service(resolve: (host: string) => Promise<string[]>) {
  const store = { alerts: noAlerts(), ticks: { latest: async () => [] } } as unknown as Pick<Store, 'alerts' | 'ticks'>;
  return createAlertService({
    store,
    logger: pino({ level: 'silent' }),
    now: () => 1_700_000_000_000,
    config: { alerts: { webhookUrl: undefined, webhookSecret: undefined, max: 500 } },
    latestTicks: () => new Map(),
    engine: { invalidate: () => undefined },
    deliverer: { test: () => Promise.reject(new Error('unused')) },
    syncSymbols: async () => undefined,
    resolve,
  });
}

const input = (webhookUrl: string) => alertInputSchema.parse({ symbol: 'AAPL', condition: { type: 'price_above', value: 1 }, webhookUrl });

describe('alert service webhook checks', () => {
  it('refuses a webhook host name that resolves to a link-local or metadata address (400 WEBHOOK_URL_REFUSED)', async () => {
    const s = service(async () => ['93.184.215.14', '169.254.169.254']);
    await expect(s.create(input('https://hooks.example.com/x'))).rejects.toMatchObject({ status: 400, code: 'WEBHOOK_URL_REFUSED', fields: { webhookUrl: expect.stringContaining('169.254.169.254') as unknown } });
  });

  it('lets a name that does not resolve now through (delivery checks again at connect time)', async () => {
    const s = service(() => Promise.reject(new Error('EAI_AGAIN')));
    // past the check, the fake store refuses the write: proof the URL was accepted
    await expect(s.create(input('https://hooks.example.com/x'))).rejects.toThrow('keeps no alerts');
  });
});
