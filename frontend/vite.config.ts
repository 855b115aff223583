import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vite';

const backend = `http://127.0.0.1:${process.env.TICKSTREAM_DEV_API_PORT ?? '3000'}`;

// The only inline styles the pages need, allowed by hash (no 'unsafe-inline'). Upgrading either
// library may change them: the browser tests fail on any CSP violation, so a stale hash shows there.
// lightweight-charts 5.2.1 adds one <style> element for its TradingView attribution logo (which its
// licence asks us to show): the hash of that element's text.
const CHART_LOGO_STYLE = 'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY=';
// SvelteKit 3.2's route announcer (#svelte-announcer, read out by screen readers on navigation) is
// hidden by a style attribute (sveltejs/kit#11993); 'unsafe-hashes' lets a hash match an attribute.
const ROUTE_ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';
// src/app.html's one script. A page's first Intl formatter costs 20-40 ms (Chromium loads ICU's
// data then), and the first render of prices and times paid it inside its one long task. Built just
// after the first frame, while the app's JavaScript is still downloading, it costs that task nothing
// and never delays the first paint (#19: bench:main-thread /symbol/AAPL at 4x, blocking time after
// FCP 163 -> 50 ms). The same goes for the first touch of sessionStorage and localStorage (2-10 ms
// each here: Chromium loads the storage area), which SvelteKit's start-up and the layout's settings
// otherwise paid inside their long tasks. One timer per part: each is a short task of its own.
// src/csp.test.ts checks the hash.
const WARM_SCRIPT = 'sha256-YJGulhtP711oa+3xwwaqmGfClmtCzJ1ovA8Q7aKTFx0=';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
      // A page's own stylesheets (each a few KB) come inside its response rather than as files the
      // first paint waits on: the symbol page paints its server-drawn candles without another round
      // trip. SvelteKit gives the <style> the response's CSP nonce.
      inlineStyleThreshold: 16 * 1024,
      // Every page's Content-Security-Policy header. SvelteKit adds a per-response nonce for its own
      // inline boot script (hashes if a page is ever prerendered). The backend's helmet middleware
      // sets the other hardening headers and leaves this one to SvelteKit.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self', WARM_SCRIPT],
          // charts draw on canvas and set styles through the CSSOM, which CSP does not restrict
          'style-src': ['self', 'unsafe-hashes', CHART_LOGO_STYLE, ROUTE_ANNOUNCER_STYLE],
          // the favicon is a data: URL (src/app.html)
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          // 'self' covers same-origin ws:/wss: (CSP3; Chrome 71+, Firefox, Safari 16+) and /api/stream
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  // the browser's build only (the server's bundle keeps its own layout)
  environments: { client: { build: {
    rolldownOptions: {
      output: {
        // Fewer, larger scripts: the default split made ~30 small files before the first paint,
        // queued 6 at a time over HTTP/1.1 (a round trip each on a phone network). The libraries
        // every page runs go in one file, the chart library (only pages that draw charts fetch it,
        // after their first paint) and the indicators' library in their own.
        codeSplitting: {
          groups: [
            { name: 'chart-lib', test: /node_modules[\\/](lightweight-charts|fancy-canvas)[\\/]/, priority: 30 },
            // the indicators' maths, imported the first time a chart draws an indicator: without its own
            // group it would land in 'vendor' and every page would download it up front
            { name: 'indicators-lib', test: /node_modules[\\/]trading-signals[\\/]/, priority: 30 },
            // SvelteKit's own client runtime stays where SvelteKit's build looks for it
            { name: 'vendor', test: /node_modules[\\/](?!@sveltejs[\\/]kit[\\/])/, priority: 20 },
            { name: 'app', test: /(frontend[\\/]src[\\/]lib|shared[\\/]src)[\\/]/, minShareCount: 2, priority: 10 },
          ],
        },
      },
    },
  } } },
  server: {
    // `npm run dev`: the page hot-reloads here, the API and live stream come from `npm start`'s server.
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend.replace('http', 'ws'), ws: true },
      '/metrics': backend,
    },
  },
});
