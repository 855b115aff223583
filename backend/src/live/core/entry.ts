import type { PublishedMessage } from '@tickstream/shared';

/** A published message as this instance holds it: serialized once, shared by every client and the replay buffer. */
export interface Entry {
  readonly offset: number;
  readonly type: PublishedMessage['type'];
  /** null for status, watchlists and alert messages, which go to every subscribed client */
  readonly symbol: string | null;
  /** tick time or candle bucket (unix s); 0 for status and info */
  readonly time: number;
  readonly json: string;
}

/** The message as sent: a bus message's epoch stays off the wire (every message of a connection is in its welcome's epoch). */
export function toEntry(message: PublishedMessage): Entry {
  const json = JSON.stringify('epoch' in message ? withoutEpoch(message) : message);
  switch (message.type) {
    case 'tick':
      return { offset: message.offset, type: 'tick', symbol: message.tick.symbol, time: message.tick.time, json };
    case 'candle':
      return { offset: message.offset, type: 'candle', symbol: message.candle.symbol, time: message.candle.time, json };
    case 'info':
      return { offset: message.offset, type: 'info', symbol: message.info.symbol, time: 0, json };
    case 'status':
    case 'watchlists':
      return { offset: message.offset, type: message.type, symbol: null, time: 0, json };
    case 'alert':
      return { offset: message.offset, type: 'alert', symbol: null, time: message.event.tickTime, json };
  }
}

/** Whether a client following `symbols` should get the entry. */
export function wants(symbols: ReadonlySet<string>, entry: Entry): boolean {
  return entry.symbol === null || symbols.has(entry.symbol);
}

function withoutEpoch(message: PublishedMessage & { epoch: unknown }): PublishedMessage {
  const { epoch: _epoch, ...wire } = message;
  return wire as PublishedMessage;
}
