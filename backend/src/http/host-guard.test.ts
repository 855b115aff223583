import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName, unknownHost, type HostGuardConfig } from './host-guard.ts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const config = (over: Partial<HostGuardConfig> = {}): HostGuardConfig => ({ host: '127.0.0.1', allowedHosts: undefined, trustProxy: false, ...over });

describe('host names', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['192.168.1.20:3000', '192.168.1.20'],
    ['[::1]', '::1'],
    ['[fe80::1]:3000', 'fe80::1'],
    ['LocalHost:3000', 'localhost'],
    ['dash.example.com.', 'dash.example.com'],
  ])('reads %s as %s', (value, name) => {
    expect(hostName(value)).toBe(name);
  });

  it.each(['', '::1', '[not-ip]:80', 'a b', 'evil.example:port', 'user@evil.example', 'a/b'])('refuses the malformed Host %j', (value) => {
    expect(hostName(value)).toBeNull();
  });
});

describe('which hosts pass', () => {
  it('lets IP literals and localhost pass without any list', () => {
    for (const name of ['10.0.0.5', '::1', '203.0.113.9', 'localhost', 'app.localhost']) expect(hostAllowed(name, [])).toBe(true);
  });

  it('refuses other names unless listed; a leading dot allows the subdomains', () => {
    expect(hostAllowed('evil.example', [])).toBe(false);
    expect(hostAllowed('tickstream.lan', ['tickstream.lan'])).toBe(true);
    expect(hostAllowed('eviltickstream.lan', ['tickstream.lan'])).toBe(false);
    expect(hostAllowed('a.example.com', ['.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['.example.com'])).toBe(true);
    expect(hostAllowed('badexample.com', ['.example.com'])).toBe(false);
    expect(hostAllowed('localhost.evil.example', [])).toBe(false);
  });
});

describe('a request’s hosts', () => {
  it('refuses a rebinding name, a missing Host and passes IPs, localhost and the listed names', () => {
    expect(unknownHost(request({ host: 'evil.example:3201' }), config())).toBe('evil.example:3201');
    expect(unknownHost(request({}), config())).toBe('');
    expect(unknownHost(request({ host: '127.0.0.1:3000' }), config())).toBeNull();
    expect(unknownHost(request({ host: 'localhost:3000' }), config())).toBeNull();
    expect(unknownHost(request({ host: 'nas.lan:3000' }), config({ allowedHosts: ['nas.lan'] }))).toBeNull();
  });

  it('lets the name the server listens on (HOST) pass', () => {
    expect(unknownHost(request({ host: 'nas.lan:3000' }), config({ host: 'nas.lan' }))).toBeNull();
  });

  it('checks X-Forwarded-Host as well as Host only when proxies are trusted, and both must pass', () => {
    const forwarded = { host: 'localhost:8080', 'x-forwarded-host': 'evil.example' };
    expect(unknownHost(request(forwarded), config())).toBeNull();
    expect(unknownHost(request(forwarded), config({ trustProxy: true }))).toBe('evil.example');
    // a page cannot launder its Host through a header it adds
    expect(unknownHost(request({ host: 'evil.example', 'x-forwarded-host': 'localhost' }), config({ trustProxy: true }))).toBe('evil.example');
    expect(unknownHost(request({ host: 'app:3000', 'x-forwarded-host': 'dash.example.com' }), config({ trustProxy: true, allowedHosts: ['app', 'dash.example.com'] }))).toBeNull();
  });
});
