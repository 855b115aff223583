// axe-core in the page under test: the rules of WCAG 2.1 A/AA plus axe's best practices.
// The script is evaluated through the DevTools protocol, so the page's own Content-Security-Policy
// (no inline scripts) stays on and is still checked by the suites.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

/** One line per failing element: "rule (impact): selector: why". Empty when the page passes. */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof globalThis.axe !== "undefined"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, resultTypes: ['violations'] })`)) as AxeResult;
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`),
  );
}
