import type { PublishedMessage } from '@tickstream/shared';
import type { MessageBody } from './types.ts';

/** Gives bodies consecutive offsets from `first`, keeping `type, epoch, offset` first on the wire. */
export function positionBatch(bodies: readonly MessageBody[], epoch: string, first: number): PublishedMessage[] {
  return bodies.map((body, i) => Object.assign({ type: body.type, epoch, offset: first + i }, body) as PublishedMessage);
}
