// The lowest and highest price of the last N minutes for move_percent, with monotonic deques:
// O(1) amortised per tick.
interface Point {
  time: number;
  price: number;
}

export class MoveWindow {
  private readonly seconds: number;
  private readonly lows: Point[] = [];
  private readonly highs: Point[] = [];

  constructor(windowMinutes: number) {
    this.seconds = windowMinutes * 60;
  }

  /** The move (percent) from the window's low up to `price`, and from its high down (negative); null when empty. */
  moves(time: number, price: number): { up: number; down: number } | null {
    this.evict(time);
    const low = this.lows[0];
    const high = this.highs[0];
    if (!low || !high) return null;
    return { up: (price / low.price - 1) * 100, down: (price / high.price - 1) * 100 };
  }

  add(time: number, price: number): void {
    while (this.lows.length > 0 && (this.lows[this.lows.length - 1] as Point).price >= price) this.lows.pop();
    this.lows.push({ time, price });
    while (this.highs.length > 0 && (this.highs[this.highs.length - 1] as Point).price <= price) this.highs.pop();
    this.highs.push({ time, price });
  }

  private evict(now: number): void {
    const from = now - this.seconds;
    while (this.lows.length > 0 && (this.lows[0] as Point).time < from) this.lows.shift();
    while (this.highs.length > 0 && (this.highs[0] as Point).time < from) this.highs.shift();
  }
}
