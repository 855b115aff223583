// The indicators the user has put on the symbol chart: one list per browser (every symbol shows the
// same ones, as on Yahoo), kept in localStorage and validated with zod when read back.
import { KINDS, indicatorSchema, makeIndicator, parseIndicators, type IndicatorConfig, type IndicatorKind } from './spec.ts';

export const INDICATORS_KEY = 'tickstream.chart.indicators';
/** More than this is unreadable on one chart; it also bounds what a bad store could make us draw. */
export const MAX_INDICATORS = 8;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class ChartIndicators {
  list = $state.raw<readonly IndicatorConfig[]>([]);
  #storage: KeyValueStorage | undefined;

  constructor(storage: KeyValueStorage | undefined) {
    this.#storage = storage;
    this.list = this.#read();
  }

  get full(): boolean {
    return this.list.length >= MAX_INDICATORS;
  }

  /** Adds one with the kind's default parameters; returns it (null when the chart is full). */
  add(kind: IndicatorKind, params: Record<string, number> = {}): IndicatorConfig | null {
    if (this.full) return null;
    const taken = new Set(this.list.map((c) => c.id));
    let n = 1;
    while (taken.has(`${kind}-${n}`)) n++;
    const config = makeIndicator(kind, `${kind}-${n}`, params);
    if (!config) return null;
    this.#set([...this.list, config]);
    return config;
  }

  remove(id: string): void {
    this.#set(this.list.filter((c) => c.id !== id));
  }

  /**
   * Changes one parameter (the picker's number input). An invalid value (empty, out of range, a
   * MACD whose fast period is not below its slow one) is refused: returns false, nothing changes.
   */
  configure(id: string, field: string, value: number): boolean {
    const current = this.list.find((c) => c.id === id);
    if (!current || !(field in KINDS[current.kind].fields)) return false;
    const next = indicatorSchema.safeParse({ ...current, [field]: value });
    if (!next.success) return false;
    this.#set(this.list.map((c) => (c.id === id ? next.data : c)));
    return true;
  }

  /** Another tab changed the list (the `storage` event): follow it. */
  syncFromStorage(): void {
    this.list = this.#read();
  }

  #set(list: IndicatorConfig[]): void {
    this.list = list;
    try {
      this.#storage?.setItem(INDICATORS_KEY, JSON.stringify(list));
    } catch {
      // private windows may refuse storage: the choice lasts for this page only
    }
  }

  #read(): IndicatorConfig[] {
    try {
      const raw = this.#storage?.getItem(INDICATORS_KEY);
      return raw ? parseIndicators(JSON.parse(raw)).slice(0, MAX_INDICATORS) : [];
    } catch {
      return [];
    }
  }
}
