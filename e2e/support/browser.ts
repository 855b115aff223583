// Debian's chromium driven by playwright-core (no downloaded browsers).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { watchContract } from './contract.ts';

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

const violations: string[] = [];

/**
 * Content-Security-Policy violations reported so far by any page of a context made by newContext
 * in this test file: the page's `securitypolicyviolation` events (forwarded to the console by an
 * init script) and chromium's own "Refused to ..." console errors. A suite ends by expecting none.
 */
export function cspViolations(): readonly string[] {
  return violations;
}

async function watchCsp(context: BrowserContext): Promise<void> {
  context.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('[csp-violation]') || /Content Security Policy/i.test(text)) violations.push(`${msg.page()?.url() ?? '?'}: ${text}`);
  });
  // A string: this file is type-checked without the DOM library.
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    console.error('[csp-violation] ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  });`);
}

export async function newContext(browser: Browser, opts: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
  });
  await watchCsp(context);
  watchContract(context);
  if (opts.debug !== false) {
    await context.addInitScript(() => {
      (globalThis as { __TICKSTREAM_DEBUG__?: boolean }).__TICKSTREAM_DEBUG__ = true;
    });
  }
  return context;
}
