import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/** JSON logs by default; pretty, human lines when asked or when stdout is a terminal. */
export function createLogger(config: Config['log'], isTty = process.stdout.isTTY === true): Logger {
  const pretty = config.pretty ?? isTty;
  return pino({
    level: config.level,
    base: { service: 'tickstream' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: isTty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } }
      : {}),
  });
}
