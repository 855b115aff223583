import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/fixtures/capture-logger.ts';
import { isLoopback, warnIfWritesOpen } from './exposure.ts';

describe('start-up warning about open writes', () => {
  it('knows the loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.2', '::ffff:10.0.0.1']) expect(isLoopback(a)).toBe(false);
  });

  it('warns once, naming API_TOKEN and HOST, when listening beyond loopback without a token', () => {
    const { logger, lines } = captureLogger();
    expect(warnIfWritesOpen({ apiToken: undefined }, { address: '0.0.0.0', port: 3000, family: 'IPv4' }, logger)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(40);
    expect(lines[0]!.msg).toMatch(/without API_TOKEN.*anyone on the network can add, change and delete holdings.*Set API_TOKEN.*HOST=127\.0\.0\.1/);
  });

  it('stays quiet on loopback or with a token', () => {
    const { logger, lines } = captureLogger();
    warnIfWritesOpen({ apiToken: undefined }, { address: '127.0.0.1', port: 3000, family: 'IPv4' }, logger);
    warnIfWritesOpen({ apiToken: 'x'.repeat(16) }, { address: '::', port: 3000, family: 'IPv6' }, logger);
    expect(lines).toEqual([]);
  });
});
