// Reading the app's state from the page: DOM data attributes plus the window.__tickstream test hook.
import type { Page } from 'playwright-core';
import type { Candle } from '@tickstream/shared';
import { mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from './server.ts';

export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

interface Hook {
  firstCandleMs?: number;
  chart?: { symbol: string; interval: string; bars: () => Candle[] };
  connection?: () => { state: string };
}

export function chartBars(page: Page): Promise<Candle[]> {
  return page.evaluate(() => (globalThis as { __tickstream?: Hook }).__tickstream?.chart?.bars() ?? []);
}

export function chartInterval(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as { __tickstream?: Hook }).__tickstream?.chart?.interval ?? null);
}

export function historyLoads(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as { __tickstream?: { historyLoads?: number } }).__tickstream?.historyLoads ?? 0);
}

export function firstCandleMs(page: Page): Promise<number | null> {
  return page.evaluate(() => (globalThis as { __tickstream?: Hook }).__tickstream?.firstCandleMs ?? null);
}

export async function connectionState(page: Page): Promise<{ state: string; text: string }> {
  const el = page.getByTestId('connection');
  return { state: (await el.getAttribute('data-state')) ?? '', text: (await el.textContent())?.trim() ?? '' };
}

/** What a user sees change: the last candle (time/OHLC) and the quoted price. */
export async function visibleState(page: Page): Promise<string> {
  const chart = page.getByTestId('chart');
  const [time, close, price] = await Promise.all([
    chart.getAttribute('data-last-time'),
    chart.getAttribute('data-last-close'),
    page.getByTestId('price').first().getAttribute('data-price').catch(() => null),
  ]);
  return `${time}|${close}|${price}`;
}

/** The app's JS files this page loaded, sized as built (raw) and gzip-compressed. */
export async function shippedJs(page: Page): Promise<{ files: number; raw: number; gzip: number }> {
  const paths: string[] = await page.evaluate(
    `performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'))`,
  );
  let raw = 0;
  let gzip = 0;
  for (const path of new Set(paths)) {
    const bytes = readFileSync(join(ROOT, 'frontend/build/client', path));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: new Set(paths).size, raw, gzip };
}
