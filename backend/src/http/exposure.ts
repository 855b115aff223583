// Start-up warning for the one unsafe combination: reachable from the network, writes unprotected.
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export function isLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** Logs one loud warning when the server listens beyond loopback without API_TOKEN; true if it did. */
export function warnIfWritesOpen(http: Pick<Config['http'], 'apiToken'>, address: AddressInfo, logger: Logger): boolean {
  if (http.apiToken !== undefined || isLoopback(address.address)) return false;
  logger.warn(
    { address: address.address, port: address.port },
    `SECURITY: listening on ${address.address}:${address.port} without API_TOKEN: anyone on the network can add, change and delete holdings. ` +
      'Set API_TOKEN (16+ characters) to require a token for writes, or HOST=127.0.0.1 to keep the app on this machine; ' +
      'list the names the app is opened by in ALLOWED_HOSTS (see README, Security).',
  );
  return true;
}
