import { describe, expect, it } from 'vitest';
import { MoveWindow } from './move-window.ts';

describe('move window', () => {
  it('measures the move from the low and high of the last N minutes, as a scan of every tick would', () => {
    const window = new MoveWindow(5);
    const seen: { time: number; price: number }[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let time = 1_700_000_000;
    let price = 100;
    // Phases of 400 ticks, rising then falling: ~10 ticks in the window (sparse ticks: the buffers
    // wrap around), then up to 300 (dense ticks: they grow while wrapped), then random gaps.
    for (let i = 0; i < 2400; i++) {
      const phase = Math.floor(i / 400) % 3;
      time += phase === 0 ? 30 : phase === 1 ? 1 : 1 + Math.floor(random() * 40);
      price *= 1 + (random() - (i % 400 < 200 ? 0.2 : 0.8)) * 0.01;
      const inWindow = seen.filter((p) => p.time >= time - 300).map((p) => p.price);
      const known = window.observe(time, price);
      expect(known).toBe(inWindow.length > 0);
      if (known) {
        expect(window.up).toBe((price / Math.min(...inWindow) - 1) * 100);
        expect(window.down).toBe((price / Math.max(...inWindow) - 1) * 100);
      }
      window.add(time, price);
      seen.push({ time, price });
    }
  });
});
