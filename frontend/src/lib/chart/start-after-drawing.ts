// A shell that carries the first candles drawn (static-page.ts) starts the app once they are on
// screen. The drawing needs no JavaScript, but the shell SvelteKit renders names the app's module
// files as `modulepreload` links and imports its entry as soon as it is parsed, and the browser
// fetched, compiled and ran that code before its first frame: on the 2-core machine the candles
// painted at p50 480 / p95 864 ms, and at 328 / 428 ms when the app started after them (20 paired
// cold loads; the drawing alone on a static page paints at ~210 / 250 ms: `npm run bench:page`'s
// floor). The preloads are then made all at once, as before, and the live price came as early
// (p50 1,028 vs 1,026 ms). The wait is capped: a tab opened in the background draws no frame.
// The layout's API reads (`preload` links, as fetch) wait too: made in the head, they had the
// server answer three requests while the browser laid out and painted the drawing on the same
// cores (30 paired cold loads through a proxy: p50 352 / p95 492 ms with them in the head, 288 /
// 448 without); the JavaScript that reads them arrives well after them still.

/** SvelteKit's bootstrap imports its entry: `import("<base>/_app/immutable/entry/start.<hash>.js")`. */
const START = /import\("([^"]*\/entry\/start\.[^"]*\.js)"\)/;
const MODULE_PRELOAD = /<link href="([^"]*)" rel="modulepreload">\s*/g;
/** longest wait for the drawing's frame */
export const START_CAP_MS = 500;

/** a value as JavaScript inside a <script>: JSON with no `<` (no `</script>` can end it early) */
const inScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

// Browser code, as text: resolves once the drawing has been painted (decoded, then the frame after
// the next one has begun), or after START_CAP_MS; then adds the preloads: the API reads as the shell
// names them (`<link rel="preload" as="fetch" crossorigin="anonymous">`, which `fetch` then takes),
// and the modules.
const afterDrawing = (fetches: readonly string[], modules: readonly string[]) =>
  `new Promise((go) => { setTimeout(go, ${START_CAP_MS}); const next = () => requestAnimationFrame(() => setTimeout(go));` +
  ` const img = document.querySelector('[data-static-chart] img'); img ? img.decode().then(next, next) : next(); })` +
  `.then(() => { const add = (rel, href) => { const link = document.createElement('link'); link.rel = rel; link.href = href;` +
  ` if (rel === 'preload') { link.as = 'fetch'; link.crossOrigin = 'anonymous'; } document.head.append(link); };` +
  ` for (const href of ${inScript(fetches)}) add('preload', href); for (const href of ${inScript(modules)}) add('modulepreload', href); })`;

/**
 * The shell with its app started after the drawing's paint: the modulepreload links move into the
 * bootstrap, after the wait, and the API reads `fetches` are preloaded there too. Undefined when the
 * bootstrap is not SvelteKit's as known here (the browser test of the symbol page checks the built
 * shell: e2e/dashboard.test.ts).
 */
export function startAfterDrawing(html: string, fetches: readonly string[] = []): string | undefined {
  const start = START.exec(html)?.[1];
  if (!start) return undefined;
  const modules = [...html.matchAll(MODULE_PRELOAD)].map((m) => m[1] ?? '');
  return html
    .replace(MODULE_PRELOAD, '')
    .replace(START, () => `${afterDrawing(fetches, modules)}.then(() => import(${inScript(start)}))`);
}
