// The lowest and highest price of the last N minutes for move_percent, with monotonic deques:
// O(1) amortised per tick. The deques are ring buffers of numbers, not arrays of points: a point
// object per alert per tick lived for the whole window, so it outlived young collections and was
// promoted, then collected by the old-generation GC (#15). Plain arrays that only ever hold numbers
// store them unboxed, like typed arrays, and are cheaper to create (a load builds thousands).

const newBuffer = (capacity: number): number[] => new Array<number>(capacity).fill(0.5);

/** (time, price) pairs in a growable ring buffer; capacity is a power of two. */
class Deque {
  private times = newBuffer(16);
  private prices = newBuffer(16);
  private head = 0;
  length = 0;

  private at(i: number): number {
    return (this.head + i) & (this.times.length - 1);
  }

  frontTime(): number {
    return this.times[this.head] as number;
  }

  frontPrice(): number {
    return this.prices[this.head] as number;
  }

  backPrice(): number {
    return this.prices[this.at(this.length - 1)] as number;
  }

  shift(): void {
    this.head = this.at(1);
    this.length--;
  }

  pop(): void {
    this.length--;
  }

  push(time: number, price: number): void {
    if (this.length === this.times.length) this.grow();
    const i = this.at(this.length);
    this.times[i] = time;
    this.prices[i] = price;
    this.length++;
  }

  private grow(): void {
    const times = newBuffer(this.times.length * 2);
    const prices = newBuffer(this.prices.length * 2);
    for (let i = 0; i < this.length; i++) {
      times[i] = this.times[this.at(i)] as number;
      prices[i] = this.prices[this.at(i)] as number;
    }
    this.times = times;
    this.prices = prices;
    this.head = 0;
  }
}

export class MoveWindow {
  private readonly seconds: number;
  private readonly lows = new Deque();
  private readonly highs = new Deque();
  /** set by observe(): the move (percent) from the window's low up to the price, and from its high down (negative) */
  up = 0;
  down = 0;

  constructor(windowMinutes: number) {
    this.seconds = windowMinutes * 60;
  }

  /** Computes up and down for `price` against the window ending at `time`; false (nothing to compare) when empty. */
  observe(time: number, price: number): boolean {
    this.evict(time);
    if (this.lows.length === 0 || this.highs.length === 0) return false;
    this.up = (price / this.lows.frontPrice() - 1) * 100;
    this.down = (price / this.highs.frontPrice() - 1) * 100;
    return true;
  }

  add(time: number, price: number): void {
    while (this.lows.length > 0 && this.lows.backPrice() >= price) this.lows.pop();
    this.lows.push(time, price);
    while (this.highs.length > 0 && this.highs.backPrice() <= price) this.highs.pop();
    this.highs.push(time, price);
  }

  private evict(now: number): void {
    const from = now - this.seconds;
    while (this.lows.length > 0 && this.lows.frontTime() < from) this.lows.shift();
    while (this.highs.length > 0 && this.highs.frontTime() < from) this.highs.shift();
  }
}
