// A shell that carries the first candles drawn (static-page.ts) starts the app once they are on
// screen. The drawing needs no JavaScript, but the shell SvelteKit renders names the app's module
// files as `modulepreload` links and imports its entry as soon as it is parsed, and the browser
// fetched, compiled and ran that code before its first frame: on the 2-core machine the candles
// painted at p50 480 / p95 864 ms, and at 328 / 428 ms when the app started after them (20 paired
// cold loads; the drawing alone on a static page paints at ~210 / 250 ms: `npm run bench:page`'s
// floor). The preloads are then made all at once, as before, and the live price came as early
// (p50 1,028 vs 1,026 ms). The wait is capped: a tab opened in the background draws no frame.

/** SvelteKit's bootstrap imports its entry: `import("<base>/_app/immutable/entry/start.<hash>.js")`. */
const START = /import\("([^"]*\/entry\/start\.[^"]*\.js)"\)/;
const MODULE_PRELOAD = /<link href="([^"]*)" rel="modulepreload">\s*/g;
/** longest wait for the drawing's frame */
export const START_CAP_MS = 500;

// Browser code, as text: resolves once the drawing has been painted (decoded, then the frame after
// the next one has begun), or after START_CAP_MS; then adds the preloads.
const afterDrawing = (hrefs: readonly string[]) =>
  `new Promise((go) => { setTimeout(go, ${START_CAP_MS}); const next = () => requestAnimationFrame(() => setTimeout(go));` +
  ` const img = document.querySelector('[data-static-chart] img'); img ? img.decode().then(next, next) : next(); })` +
  `.then(() => { for (const href of ${JSON.stringify(hrefs)}) { const link = document.createElement('link');` +
  ` link.rel = 'modulepreload'; link.href = href; document.head.append(link); } })`;

/**
 * The shell with its app started after the drawing's paint: the modulepreload links move into the
 * bootstrap, after the wait. Unchanged when the bootstrap is not SvelteKit's as known here (the browser
 * test of the symbol page checks the built shell: e2e/dashboard.test.ts).
 */
export function startAfterDrawing(html: string): string {
  const start = START.exec(html)?.[1];
  if (!start) return html;
  const hrefs = [...html.matchAll(MODULE_PRELOAD)].map((m) => m[1] ?? '');
  return html.replace(MODULE_PRELOAD, '').replace(START, () => `${afterDrawing(hrefs)}.then(() => import(${JSON.stringify(start)}))`);
}
