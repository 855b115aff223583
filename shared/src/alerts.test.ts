import { describe, expect, it } from 'vitest';
import { alertInputSchema, alertPatchSchema, defaultMarketHours } from './alerts.ts';
import { checkWebhookUrl, isRefusedWebhookAddress } from './webhook-url.ts';

describe('alert input', () => {
  it("accepts the issue's minimal request as written, with defaults filled in", () => {
    const parsed = alertInputSchema.parse({ symbol: 'AAPL', condition: { type: 'price_above', value: 201.5 }, webhookUrl: 'http://127.0.0.1:9000/hook' });
    expect(parsed).toMatchObject({ symbol: 'AAPL', repeat: 'once', cooldownSeconds: 0, enabled: true, webhookFormat: 'generic', webhookUrl: 'http://127.0.0.1:9000/hook' });
    expect(parsed.marketHours).toBeUndefined();
    expect(alertInputSchema.safeParse({ symbol: 'aapl', condition: { type: 'price_below', value: 150 } }).success).toBe(true);
  });

  it('refuses levels that are not finite positive numbers and unknown condition types', () => {
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '201.5', null]) {
      expect(alertInputSchema.safeParse({ symbol: 'AAPL', condition: { type: 'price_above', value } }).success, String(value)).toBe(false);
    }
    expect(alertInputSchema.safeParse({ symbol: 'AAPL', condition: { type: 'price_sideways', value: 1 } }).success).toBe(false);
  });

  it('checks SMA and move conditions field by field', () => {
    expect(alertInputSchema.safeParse({ symbol: 'AAPL', condition: { type: 'sma_cross_above', period: 50, interval: '1d' } }).success).toBe(true);
    expect(alertInputSchema.safeParse({ symbol: 'AAPL', condition: { type: 'sma_cross_above', period: 1, interval: '1d' } }).success).toBe(false);
    expect(alertInputSchema.safeParse({ symbol: 'AAPL', condition: { type: 'sma_cross_below', period: 20, interval: '5m' } }).success).toBe(false);
    const move = alertInputSchema.parse({ symbol: 'AAPL', condition: { type: 'move_percent', value: 2, windowMinutes: 15 } });
    expect(move.condition).toEqual({ type: 'move_percent', value: 2, windowMinutes: 15, direction: 'either' });
  });

  it('needs at least one field in a patch', () => {
    expect(alertPatchSchema.safeParse({}).success).toBe(false);
    expect(alertPatchSchema.safeParse({ enabled: false }).success).toBe(true);
  });

  it('defaults equities to regular hours and round-the-clock instruments to any', () => {
    expect(defaultMarketHours('AAPL')).toBe('regular');
    expect(defaultMarketHours('BTC-USD')).toBe('any');
    expect(defaultMarketHours('EURUSD=X')).toBe('any');
  });
});

describe('webhook URLs', () => {
  it('accepts http(s) to public, private and loopback hosts', () => {
    for (const url of ['https://ntfy.sh/my-topic', 'http://127.0.0.1:9000/hook', 'http://192.168.1.10/x', 'http://[::1]:8080/']) {
      expect(checkWebhookUrl(url).ok, url).toBe(true);
    }
  });

  it('refuses other schemes, credentials, link-local and metadata addresses in any spelling', () => {
    for (const url of [
      'ftp://example.com/',
      'file:///etc/passwd',
      'http://user:pw@example.com/',
      'http://169.254.169.254/latest/meta-data/',
      'http://2852039166/',
      'http://0xa9fea9fe/',
      'http://[fe80::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://100.100.100.200/',
      'not a url',
    ]) {
      expect(checkWebhookUrl(url).ok, url).toBe(false);
    }
  });

  it('judges resolved addresses the same way', () => {
    expect(isRefusedWebhookAddress('169.254.1.1')).toBe(true);
    expect(isRefusedWebhookAddress('febf::1')).toBe(true);
    expect(isRefusedWebhookAddress('fec0::1')).toBe(false);
    expect(isRefusedWebhookAddress('::ffff:a9fe:a9fe')).toBe(true);
    expect(isRefusedWebhookAddress('10.0.0.1')).toBe(false);
    expect(isRefusedWebhookAddress('2001:db8::1')).toBe(false);
  });
});
