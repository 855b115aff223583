// The schema itself refuses impossible market data, whatever the app sends: raw SQL, no repository.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openPgliteStore, openPostgresStore } from '../src/store/index.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './support/services.ts';

const T = "'2024-05-06 13:30:00+00'";
const candle = (open: string, high: string, low: string, close: string, volume = '10') =>
  `INSERT INTO candles_1m (symbol, bucket, open, high, low, close, volume) VALUES ('X', ${T}, ${open}, ${high}, ${low}, ${close}, ${volume})`;
const tick = (col: string, value: string) => {
  const row: Record<string, string> = {
    symbol: "'X'", time: T, price: '10', change: '0.5', change_percent: '0.1', previous_close: '9.5',
    day_high: '11', day_low: '9', day_volume: '100', market_state: "'REGULAR'", currency: "'USD'", source: "'test'",
  };
  row[col] = value;
  return `INSERT INTO ticks (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).join(', ')})`;
};
const holding = (quantity: string, cost: string) =>
  `INSERT INTO holdings (symbol, quantity, cost_per_share) VALUES ('X', ${quantity}, ${cost})`;

const REJECTED: [string, string][] = [
  ['a NaN open', candle("'NaN'", '11', '9', '10')],
  ['an infinite high', candle('10', "'Infinity'", '9', '10')],
  ['a -Infinity low', candle('10', '11', "'-Infinity'", '10')],
  ['a zero close', candle('10', '11', '0', '0')],
  ['a negative open', candle('-1', '11', '-2', '10')],
  ['high below low', candle('10', '9', '11', '10')],
  ['open above high', candle('12', '11', '9', '10')],
  ['close below low', candle('10', '11', '9', '8')],
  ['a negative volume', candle('10', '11', '9', '10', '-1')],
  ['a NaN volume', candle('10', '11', '9', '10', "'NaN'")],
  ['an infinite volume', candle('10', '11', '9', '10', "'Infinity'")],
  ['a NaN tick price', tick('price', "'NaN'")],
  ['an infinite tick price', tick('price', "'Infinity'")],
  ['a zero tick price', tick('price', '0')],
  ['a negative tick price', tick('price', '-3')],
  ['a NaN previous close', tick('previous_close', "'NaN'")],
  ['a NaN change', tick('change', "'NaN'")],
  ['an infinite change percent', tick('change_percent', "'-Infinity'")],
  ['a negative day low', tick('day_low', '-1')],
  ['a negative day volume', tick('day_volume', '-1')],
  ['an unknown market state', tick('market_state', "'OPEN'")],
  ['a NaN quantity', holding("'NaN'", '1')],
  ['a zero quantity', holding('0', '1')],
  ['a negative cost', holding('1', '-0.01')],
  ['an infinite cost', holding('1', "'Infinity'")],
];

const ACCEPTED: [string, string][] = [
  ['a valid bar', candle('10', '11', '9', '10.5', '0')],
  ['a valid tick', tick('change', '-0.5')],
  ['a valid holding', holding('0.000001', '123.456789')],
];

function describeConstraints(label: string, open: () => Promise<{ run(sql: string): Promise<void>; close(): Promise<void> }>) {
  describe(`CHECK constraints: ${label}`, () => {
    let db: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it.each(REJECTED)('rejects %s', async (_name, sql) => {
      await expect(db.run(sql)).rejects.toMatchObject({ code: '23514' });
    });

    it.each(ACCEPTED)('accepts %s', async (_name, sql) => {
      await expect(db.run(sql)).resolves.toBeUndefined();
    });
  });
}

describeConstraints('PGlite', async () => {
  const client = await PGlite.create();
  await (await openPgliteStore({ client })).ping(); // migrations applied; keep the instance for raw SQL
  return {
    run: async (sql) => {
      await client.query(sql);
    },
    close: () => client.close(),
  };
});

// On TimescaleDB the same CHECKs must hold on the hypertables (and their chunks).
describe.each([
  { server: 'PostgreSQL server', url: TEST_DATABASE_URL },
  { server: 'TimescaleDB server', url: TEST_TIMESCALE_URL },
])('$server', ({ server, url }) => {
  if (!url) {
    it.skip('needs its server URL');
    return;
  }
  describeConstraints(server, async () => {
    const db = await createTestDatabase(url);
    await (await openPostgresStore(db.url)).close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return {
      run: async (sql) => {
        await client.query(sql);
      },
      close: async () => {
        await client.end();
        await db.drop();
      },
    };
  });
});
