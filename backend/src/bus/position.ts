import type { BusMessage, MessageBody } from './types.ts';

/** Gives bodies consecutive offsets from `first`, keeping `type, epoch, offset` first. */
export function positionBatch(bodies: readonly MessageBody[], epoch: string, first: number): BusMessage[] {
  return bodies.map((body, i) => Object.assign({ type: body.type, epoch, offset: first + i }, body) as BusMessage);
}
