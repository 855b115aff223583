// A subscriber of the live stream, as the server sees it.
import type { ControlMessage } from '@tickstream/shared';
import type { Entry } from './entry.ts';
import type { Encoding, Transport } from './encode.ts';

/**
 * One connected live client (a WebSocket connection or an SSE response), whatever its transport;
 * the hub and sessions work on this. Not to be confused with the browser side, LiveConnection.
 */
export interface Subscriber {
  readonly id: number;
  readonly transport: Transport;
  /** how its published frames are encoded (the hub encodes a batch once per group and encoding) */
  readonly encoding: Encoding;
  readonly ip: string;
  /** symbols followed; changed only through the hub (it groups clients by this set) */
  symbols: ReadonlySet<string>;
  /** true once it subscribed: from then on it gets published messages */
  positioned: boolean;
  /** set while a replay is being written: live entries wait here so nothing overtakes it */
  backlog: Entry[] | null;
  backlogBytes: number;
  /** subscribe/unsubscribe requests run one after another, in arrival order */
  queue: Promise<void>;
  isOpen(): boolean;
  /** bytes accepted for sending but not yet handed to the kernel */
  buffered(): number;
  /** Writes an already encoded frame (see encode.ts) for this transport. */
  write(frame: Buffer): void;
  sendControl(message: ControlMessage): void;
  /** Resolves when a full send buffer has drained (at once when it is not full) or the client is gone. */
  drained(): Promise<void>;
  /** Disconnects a client whose send buffer passed the cap, saying why. */
  dropSlow(reason: string): void;
  close(code: number, reason: string): void;
}
