// Debian's chromium driven by playwright-core (no downloaded browsers).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

export interface ContextOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** expose window.__tickstream (the app's test hook) */
  debug?: boolean;
  timezoneId?: string;
}

export async function newContext(browser: Browser, opts: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  if (opts.debug !== false) {
    await context.addInitScript(() => {
      (globalThis as { __TICKSTREAM_DEBUG__?: boolean }).__TICKSTREAM_DEBUG__ = true;
    });
  }
  return context;
}
