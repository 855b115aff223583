// See https://svelte.dev/docs/kit/types#app.d.ts
import type { TickstreamDebug } from './lib/debug.ts';

declare global {
  namespace App {
    /** adapter-node passes the Node request; the backend may mark it (backend/src/routes/page-reads.ts). */
    interface Platform {
      req?: { pageStatus?: number; readApi?: (path: string) => Promise<unknown> };
    }
  }
  /** Set by browser tests (page.addInitScript) to get window.__tickstream. */
  var __TICKSTREAM_DEBUG__: boolean | undefined;
  var __tickstream: TickstreamDebug | undefined;
}
export {};
