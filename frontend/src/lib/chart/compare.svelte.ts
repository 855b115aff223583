// Compare state. CompareSymbols: which symbols the user compares with (the page's, kept in the URL).
// CompareLines: one chart's compare lines, each a LiveChart of its own (history, then live candles
// and ticks, gap reloads) drawn aligned to the main bars, and the legend's % changes.
import type { Candle, Interval } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { alignToTimes, changeAt, COMPARE_COLORS, MAX_COMPARE, type ClosePoint } from './compare.ts';
import type { CompareView } from './compare-view.ts';
import type { ChartHistory } from './feed.ts';
import { LiveChart } from './live-chart.svelte.ts';

export class CompareSymbols {
  readonly main: string;
  symbols = $state.raw<readonly string[]>([]);
  #persist: (symbols: readonly string[]) => void;

  constructor(main: string, initial: readonly string[], persist: (symbols: readonly string[]) => void) {
    this.main = main;
    this.symbols = initial;
    this.#persist = persist;
  }

  get full(): boolean {
    return this.symbols.length >= MAX_COMPARE;
  }

  /** false when it is the main symbol, already compared, or the chart is full */
  add(symbol: string): boolean {
    const s = symbol.trim().toUpperCase();
    if (s === this.main || this.symbols.includes(s) || this.full) return false;
    this.#update([...this.symbols, s]);
    return true;
  }

  remove(symbol: string): void {
    this.#update(this.symbols.filter((s) => s !== symbol));
  }

  #update(next: readonly string[]): void {
    this.symbols = next;
    this.#persist(next);
  }
}

export interface CompareLegendEntry {
  symbol: string;
  color: string;
  /** % change from the first visible bar at the hovered (or last) bar; null when not known there */
  percent: number | null;
  /** the line's history could not be loaded, or the server will not follow the symbol */
  problem: string | null;
}

export interface CompareLinesOptions {
  connection: LiveConnection;
  interval: Interval;
  view: CompareView;
  /** the main series' bars as they are now */
  mainBars: () => readonly Candle[];
  load: (symbol: string) => Promise<ChartHistory>;
}

const closes = (bars: readonly Candle[]): ClosePoint[] => bars.map((b) => ({ time: b.time, value: b.close }));

export class CompareLines {
  /** bumped on every change the legend depends on */
  #version = $state(0);
  firstVisible = $state<number | null>(null);
  #lines = new Map<string, { chart: LiveChart; color: string }>();
  #opts: CompareLinesOptions;
  #offVisible: () => void;

  constructor(opts: CompareLinesOptions) {
    this.#opts = opts;
    this.#offVisible = opts.view.onVisibleChange(() => {
      const first = opts.view.firstVisibleTime();
      if (first !== this.firstVisible) this.firstVisible = first;
    });
  }

  /** Starts lines for new symbols and stops the ones no longer compared. */
  setSymbols(symbols: readonly string[]): void {
    for (const [symbol, line] of [...this.#lines]) {
      if (symbols.includes(symbol)) continue;
      line.chart.destroy();
      this.#opts.view.remove(symbol);
      this.#lines.delete(symbol);
    }
    for (const symbol of symbols) if (!this.#lines.has(symbol)) this.#start(symbol);
    this.#version++;
  }

  /** The main series changed (history, a live bar): realign every line to its bar times. */
  mainChanged(): void {
    for (const symbol of this.#lines.keys()) this.#draw(symbol);
    this.#version++;
  }

  /** Legend entries, main symbol first, at `atTime` (the hovered bar, else the last one). */
  legend(main: string, atTime: number | null): CompareLegendEntry[] {
    void this.#version;
    const from = this.firstVisible;
    const at = (points: ClosePoint[]) => (from === null || atTime === null ? null : changeAt(points, from, atTime));
    const mainBars = this.#opts.mainBars();
    const times = mainBars.map((b) => b.time);
    const entries: CompareLegendEntry[] = [{ symbol: main, color: '', percent: at(closes(mainBars)), problem: null }];
    for (const [symbol, line] of this.#lines) {
      const problem = line.chart.refused ?? (line.chart.phase === 'error' ? line.chart.error : null);
      entries.push({ symbol, color: line.color, percent: at(alignToTimes(times, closes(line.chart.bars))), problem });
    }
    return entries;
  }

  destroy(): void {
    this.#offVisible();
    for (const line of this.#lines.values()) line.chart.destroy();
    this.#lines.clear();
  }

  #start(symbol: string): void {
    const used = new Set([...this.#lines.values()].map((l) => l.color));
    const color = COMPARE_COLORS.find((c) => !used.has(c)) ?? COMPARE_COLORS[0];
    const redraw = () => {
      this.#draw(symbol);
      this.#version++;
    };
    const chart = new LiveChart({
      connection: this.#opts.connection,
      symbol,
      interval: this.#opts.interval,
      initial: this.#opts.load(symbol),
      reload: () => this.#opts.load(symbol),
      sink: { reset: redraw, update: redraw },
    });
    this.#lines.set(symbol, { chart, color });
  }

  #draw(symbol: string): void {
    const line = this.#lines.get(symbol);
    if (!line) return;
    const times = this.#opts.mainBars().map((b) => b.time);
    this.#opts.view.set(symbol, line.color, alignToTimes(times, closes(line.chart.bars)));
  }
}
