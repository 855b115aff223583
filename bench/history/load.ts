// Generates trading-hours 1-minute bars inside the database (generate_series), one symbol per
// statement so progress is visible and PGlite's memory stays bounded.

export interface Dataset {
  symbols: string[];
  /** UTC dates (YYYY-MM-DD) of the trading days, oldest first */
  days: string[];
  /** unix seconds of the newest bar (last day, 19:59 UTC) */
  lastBar: number;
}

export const BARS_PER_DAY = 390;

/** The `count` most recent weekdays before today (UTC), oldest first. */
export function tradingDays(count: number, today = new Date()): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  while (out.length < count) {
    d.setUTCDate(d.getUTCDate() - 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out.reverse();
}

export function dataset(symbolCount: number, dayCount: number): Dataset {
  const symbols = Array.from({ length: symbolCount }, (_, i) => `BN${String(i + 1).padStart(3, '0')}`);
  const days = tradingDays(dayCount);
  const lastBar = Date.parse(`${days.at(-1)}T19:59:00Z`) / 1000;
  return { symbols, days, lastBar };
}

/** One INSERT ... SELECT for all bars of one symbol (13:30-19:59 UTC each day). Prices stay > 0
 * and satisfy low <= open/close <= high, so every CHECK constraint holds. */
export function insertSymbolSql(ds: Dataset, symbolIndex: number): string {
  const symbol = ds.symbols[symbolIndex]!;
  const base = 20 + symbolIndex * 3;
  return `
    INSERT INTO candles_1m (symbol, bucket, open, high, low, close, volume)
    SELECT '${symbol}', b.bucket, b.o, greatest(b.o, b.c) + random() * 0.3, least(b.o, b.c) - random() * 0.3, b.c, floor(random() * 10000)
    FROM (
      SELECT t AS bucket,
             ${base} + 5 * sin(extract(epoch from t) / 86400.0 + ${symbolIndex}) + random() * 0.5 AS o,
             ${base} + 5 * sin(extract(epoch from t) / 86400.0 + ${symbolIndex}) + random() * 0.5 AS c
      FROM unnest('{${ds.days.join(',')}}'::date[]) AS d(day)
      CROSS JOIN generate_series(0, ${BARS_PER_DAY - 1}) AS m(i)
      CROSS JOIN LATERAL (SELECT (d.day::timestamp + interval '13 hours 30 minutes' + m.i * interval '1 minute') AT TIME ZONE 'UTC' AS t) AS ts
    ) AS b`;
}

export interface LoadResult {
  rows: number;
  seconds: number;
  /** false when the time budget ran out before every symbol was loaded */
  complete: boolean;
  symbolsLoaded: string[];
}

/** Loads symbol by symbol until done or `budgetSeconds` is spent. */
export async function load(
  exec: (sql: string) => Promise<void>,
  count: () => Promise<number>,
  ds: Dataset,
  opts: { budgetSeconds: number; label: string },
): Promise<LoadResult> {
  const started = performance.now();
  const symbolsLoaded: string[] = [];
  for (let i = 0; i < ds.symbols.length; i++) {
    await exec(insertSymbolSql(ds, i));
    symbolsLoaded.push(ds.symbols[i]!);
    const elapsed = (performance.now() - started) / 1000;
    if ((i + 1) % 5 === 0 || i === ds.symbols.length - 1) {
      process.stdout.write(`  [${opts.label}] ${i + 1}/${ds.symbols.length} symbols loaded, ${elapsed.toFixed(1)} s\n`);
    }
    if (elapsed > opts.budgetSeconds && i < ds.symbols.length - 1) {
      process.stdout.write(`  [${opts.label}] load budget of ${opts.budgetSeconds} s spent: measuring with what is loaded\n`);
      break;
    }
  }
  await exec('ANALYZE candles_1m');
  const seconds = (performance.now() - started) / 1000;
  return { rows: await count(), seconds, complete: symbolsLoaded.length === ds.symbols.length, symbolsLoaded };
}
