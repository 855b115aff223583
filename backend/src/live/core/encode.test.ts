import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { wsTextFrame } from './encode.ts';

// ws's own framing (exported at runtime, not in its type declarations), as the reference.
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
};
const reference = (text: string) => Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));

describe('pre-built WebSocket text frames', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('match what ws would send for a %i-byte payload', (n) => {
    const text = 'x'.repeat(n);
    expect(wsTextFrame(text).equals(reference(text))).toBe(true);
  });

  it('count UTF-8 bytes, not characters', () => {
    const text = '€'.repeat(50);
    expect(wsTextFrame(text).equals(reference(text))).toBe(true);
  });
});
