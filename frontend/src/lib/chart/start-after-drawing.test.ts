import { describe, expect, it } from 'vitest';
import { START_CAP_MS, startAfterDrawing } from './start-after-drawing.ts';

// The shape of the shell SvelteKit renders (ssr = false): preloads in the head, bootstrap in the body.
const shell = `<!doctype html><html><head>
    <link href="../_app/immutable/entry/start.B5euHscA.js" rel="modulepreload">
		<link href="../_app/immutable/chunks/DclECHGd.js" rel="modulepreload">
		<link href="../_app/immutable/nodes/5.DpPAFLPe.js" rel="modulepreload">
		<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/quotes">
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

const bootstrap = (html: string) => /<script nonce="abc">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';

describe('a shell with the first candles drawn', () => {
  it('starts the app after the wait for their paint, with the module preloads made then, in their order', () => {
    const out = startAfterDrawing(shell);
    expect(out).not.toContain('rel="modulepreload"');
    expect(out).toContain('<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/quotes">');
    const script = bootstrap(out);
    expect(script).toContain(`setTimeout(go, ${START_CAP_MS})`);
    expect(script).toContain(
      '["../_app/immutable/entry/start.B5euHscA.js","../_app/immutable/chunks/DclECHGd.js","../_app/immutable/nodes/5.DpPAFLPe.js"]',
    );
    expect(script).toMatch(/\}\)\.then\(\(\) => import\("\.\.\/_app\/immutable\/entry\/start\.B5euHscA\.js"\)\)\.then\(async \(kit\) =>/);
    // still a script a browser runs (the rest of it untouched)
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('const app = await import("../_app/immutable/entry/app.MWSOrDPN.js");');
  });

  it('leaves a shell without SvelteKit\'s bootstrap as it is', () => {
    const other = shell.replace('import("../_app/immutable/entry/start.B5euHscA.js")', 'startSomehow()');
    expect(startAfterDrawing(other)).toBe(other);
  });
});
