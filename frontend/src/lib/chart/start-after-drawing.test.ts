import { describe, expect, it } from 'vitest';
import { START_CAP_MS, startAfterDrawing } from './start-after-drawing.ts';

// The shape of the shell SvelteKit renders (ssr = false): preloads in the head, bootstrap in the body.
const shell = `<!doctype html><html><head>
    <link href="../_app/immutable/entry/start.B5euHscA.js" rel="modulepreload">
		<link href="../_app/immutable/chunks/DclECHGd.js" rel="modulepreload">
		<link href="../_app/immutable/nodes/5.DpPAFLPe.js" rel="modulepreload">
  </head><body><div class="app-root"><div data-static-chart><img src="data:image/svg+xml,%3Csvg%3E"></div>
			<script nonce="abc">
				{
					const element = document.currentScript.parentElement;
					import("../_app/immutable/entry/start.B5euHscA.js").then(async (kit) => {
						kit.init({});
						const app = await import("../_app/immutable/entry/app.MWSOrDPN.js");
						kit.start(app, element);
					});
				}
			</script></div></body></html>`;

const reads = ['/api/quotes', '/api/watchlists', '/api/alerts/events?limit=100'];
const bootstrap = (html: string) => /<script nonce="abc">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';

/**
 * Runs a bootstrap against a fake page whose drawing decodes at once: what it did, in order (links
 * added to the head, modules imported, the app started).
 */
async function run(script: string): Promise<string[]> {
  const log: string[] = [];
  const document = {
    currentScript: { parentElement: 'root' },
    querySelector: () => ({ decode: async () => log.push('drawing decoded') }),
    createElement: () => ({}),
    head: {
      append: (link: { rel: string; href: string; as?: string; crossOrigin?: string }) =>
        log.push([link.rel, link.href, link.as, link.crossOrigin].filter(Boolean).join(' ')),
    },
  };
  let started = () => {};
  const done = new Promise<void>((resolve) => (started = resolve));
  const kit = { init: () => log.push('init'), start: (_app: unknown, element: unknown) => (log.push(`start in ${String(element)}`), started()) };
  const load = async (href: string) => (log.push(`import ${href}`), kit);
  new Function('document', 'requestAnimationFrame', 'load', script.replaceAll('import(', 'load('))(document, (f: () => void) => setTimeout(f, 1), load);
  await done;
  return log;
}

describe('a shell with the first candles drawn', () => {
  it('adds the API reads as fetch preloads and the modules, in their order, once the drawing is painted, then starts the app', async () => {
    const out = startAfterDrawing(shell, reads) ?? '';
    expect(out).not.toContain('rel="modulepreload"');
    expect(out).not.toContain('rel="preload"');
    const script = bootstrap(out);
    expect(script).toContain(`setTimeout(go, ${START_CAP_MS})`);
    expect(await run(script)).toEqual([
      'drawing decoded',
      'preload /api/quotes fetch anonymous',
      'preload /api/watchlists fetch anonymous',
      'preload /api/alerts/events?limit=100 fetch anonymous',
      'modulepreload ../_app/immutable/entry/start.B5euHscA.js',
      'modulepreload ../_app/immutable/chunks/DclECHGd.js',
      'modulepreload ../_app/immutable/nodes/5.DpPAFLPe.js',
      'import ../_app/immutable/entry/start.B5euHscA.js',
      'init',
      'import ../_app/immutable/entry/app.MWSOrDPN.js',
      'start in root',
    ]);
  });

  it('keeps a URL that reads like markup from ending the script', () => {
    const script = bootstrap(startAfterDrawing(shell, ['/api/x?q=</script><b>']) ?? '');
    expect(script).not.toContain('</script>');
    expect(script).toContain('"/api/x?q=\\u003c/script>\\u003cb>"');
  });

  it("gives nothing for a shell without SvelteKit's bootstrap as known here", () => {
    const other = shell.replace('import("../_app/immutable/entry/start.B5euHscA.js")', 'startSomehow()');
    expect(startAfterDrawing(other, reads)).toBeUndefined();
  });
});
