import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { nextQuote, withInfo } from './quote-book.ts';

const tick = (time: number, price: number, extra: Partial<Tick> = {}): Tick =>
  makeTick({ time, price, previousClose: 100, dayVolume: 1000, ...extra });

describe('nextQuote', () => {
  it('starts without a previous price or flash', () => {
    expect(nextQuote(undefined, tick(1, 100))).toEqual({ tick: tick(1, 100), previousPrice: null, flash: null, flashSeq: 0 });
  });

  it('flashes in the direction of each price move, again for a repeated direction', () => {
    const a = nextQuote(undefined, tick(1, 100))!;
    const b = nextQuote(a, tick(2, 101))!;
    const c = nextQuote(b, tick(3, 102))!;
    const d = nextQuote(c, tick(4, 99))!;
    expect([b, c, d].map((q) => [q.flash, q.flashSeq, q.previousPrice])).toEqual([
      ['up', 1, 100],
      ['up', 2, 101],
      ['down', 3, 102],
    ]);
  });

  it('ignores ticks older than the one shown, and exact repeats', () => {
    const a = nextQuote(undefined, tick(5, 100))!;
    expect(nextQuote(a, tick(4, 200))).toBeNull();
    expect(nextQuote(a, tick(5, 100))).toBeNull();
  });

  it('takes a newer tick at the same price without flashing', () => {
    const a = nextQuote(nextQuote(undefined, tick(1, 100))!, tick(2, 101))!;
    const b = nextQuote(a, tick(3, 101, { marketState: 'POST' }))!;
    expect(b.tick.marketState).toBe('POST');
    expect([b.flash, b.flashSeq]).toEqual(['up', 1]);
  });

  it('takes new info (a pre-market trade) without a new tick, and ignores info that says nothing new', () => {
    const a = nextQuote(undefined, tick(1, 100, { name: 'Apple Inc.' }))!;
    const b = withInfo(a, { symbol: a.tick.symbol, previousClose: 100, currency: a.tick.currency, source: a.tick.source, name: 'Apple Inc.', preMarketPrice: 101 })!;
    expect(b.tick).toMatchObject({ price: 100, time: 1, preMarketPrice: 101 });
    expect(withInfo(b, { symbol: a.tick.symbol, previousClose: 100, currency: a.tick.currency, source: a.tick.source, name: 'Apple Inc.', preMarketPrice: 101 })).toBeNull();
    const c = withInfo(b, { symbol: a.tick.symbol, previousClose: 100, currency: a.tick.currency, source: a.tick.source, name: 'Apple Inc.' })!;
    expect(c.tick).not.toHaveProperty('preMarketPrice');
  });
});
