// What an indicator on the chart is (kind + parameters), validated with zod wherever it comes from
// (localStorage, the picker's inputs). Pure data: no chart, no library.
import * as z from 'zod/mini';

const period = (max: number, min = 1) => z.number().check(z.int(), z.gte(min), z.lte(max));
const id = z.string().check(z.minLength(1), z.maxLength(40));

export const indicatorSchema = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('sma'), period: period(500) }),
  z.object({ id, kind: z.literal('ema'), period: period(500) }),
  z.object({
    id,
    kind: z.literal('bb'),
    period: period(500, 2),
    deviations: z.number().check(z.gte(0.5), z.lte(5)),
  }),
  z.object({ id, kind: z.literal('vwap') }),
  z.object({ id, kind: z.literal('rsi'), period: period(200, 2) }),
  z.object({
    id,
    kind: z.literal('macd'),
    fast: period(200),
    slow: period(400),
    signal: period(200),
  }).check(z.refine((m) => m.fast < m.slow, { message: 'the fast period must be shorter than the slow one', path: ['fast'] })),
  z.object({ id, kind: z.literal('volma'), period: period(500) }),
]);

export type IndicatorConfig = z.infer<typeof indicatorSchema>;
export type IndicatorKind = IndicatorConfig['kind'];
/** The numeric parameters of one kind (everything but id and kind). */
export type IndicatorParams<K extends IndicatorKind = IndicatorKind> = Omit<Extract<IndicatorConfig, { kind: K }>, 'id' | 'kind'>;

export const INDICATOR_KINDS = ['sma', 'ema', 'bb', 'vwap', 'rsi', 'macd', 'volma'] as const satisfies readonly IndicatorKind[];

/** Where an indicator is drawn: over the candles, on the volume pane, or in a pane of its own. */
export type IndicatorPlace = 'price' | 'volume' | 'own';

interface KindInfo {
  name: string;
  place: IndicatorPlace;
  defaults: Record<string, number>;
  /** labels of the numeric parameters, in the order the picker shows them */
  fields: Record<string, string>;
}

export const KINDS: Record<IndicatorKind, KindInfo> = {
  sma: { name: 'Simple moving average', place: 'price', defaults: { period: 50 }, fields: { period: 'Period' } },
  ema: { name: 'Exponential moving average', place: 'price', defaults: { period: 20 }, fields: { period: 'Period' } },
  bb: {
    name: 'Bollinger Bands',
    place: 'price',
    defaults: { period: 20, deviations: 2 },
    fields: { period: 'Period', deviations: 'Std. deviations' },
  },
  vwap: { name: 'VWAP (session)', place: 'price', defaults: {}, fields: {} },
  rsi: { name: 'Relative strength index', place: 'own', defaults: { period: 14 }, fields: { period: 'Period' } },
  macd: {
    name: 'MACD',
    place: 'own',
    defaults: { fast: 12, slow: 26, signal: 9 },
    fields: { fast: 'Fast', slow: 'Slow', signal: 'Signal' },
  },
  volma: { name: 'Volume average', place: 'volume', defaults: { period: 20 }, fields: { period: 'Period' } },
};

/** Short label for legends and lists: "SMA 50", "BB 20 2", "MACD 12 26 9". */
export function indicatorLabel(c: IndicatorConfig): string {
  const short = c.kind === 'volma' ? 'Vol MA' : c.kind.toUpperCase();
  const params = Object.keys(KINDS[c.kind].fields).map((k) => (c as unknown as Record<string, number>)[k]);
  return [short, ...params].join(' ');
}

/**
 * What the price-pane indicators mean while compare lines put the scale in %: they are computed on
 * the main symbol's prices (their legend values are prices), but the chart library re-bases every
 * line to its own first visible value, so a line's height is its own % change, not the candles'.
 * Null when no indicator is on the price pane.
 */
export function percentModeNote(configs: readonly IndicatorConfig[], symbol: string): string | null {
  const onPrice = configs.filter((c) => KINDS[c.kind].place === 'price').map(indicatorLabel);
  if (onPrice.length === 0) return null;
  return `${onPrice.join(', ')}: computed on ${symbol}'s prices (values in ${symbol}'s price); in % mode each line shows its own change from the first visible bar`;
}

/** A config of this kind with its default parameters (and the given params over them). */
export function makeIndicator(kind: IndicatorKind, id: string, params: Record<string, number> = {}): IndicatorConfig | null {
  const r = indicatorSchema.safeParse({ ...KINDS[kind].defaults, ...params, id, kind });
  return r.success ? r.data : null;
}

/** Entries that fail validation are dropped one by one (a stale or edited store never blanks the chart). */
export function parseIndicators(raw: unknown): IndicatorConfig[] {
  if (!Array.isArray(raw)) return [];
  const out: IndicatorConfig[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    const r = indicatorSchema.safeParse(entry);
    if (r.success && !seen.has(r.data.id)) {
      seen.add(r.data.id);
      out.push(r.data);
    }
  }
  return out;
}

/** Line colours, by position in the list; readable on the light and the dark chart background. */
const COLORS = ['#2962ff', '#f59e0b', '#a855f7', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#6366f1'];

export function indicatorColor(index: number): string {
  return COLORS[index % COLORS.length]!;
}

/** The legend's reading of one indicator's values ("—" where it is not defined yet). */
export function formatReadout(kind: IndicatorKind, values: readonly (number | null)[], format: {
  price(v: number): string;
  volume(v: number): string;
}): string {
  const one = (v: number | null | undefined) => {
    if (v === null || v === undefined) return '—';
    if (kind === 'volma') return format.volume(v);
    if (kind === 'rsi') return v.toFixed(1);
    if (kind === 'macd') return v.toFixed(Math.abs(v) < 1 ? 3 : 2);
    return format.price(v);
  };
  return values.map(one).join(' ');
}
