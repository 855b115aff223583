// Runs in the browser before any page module. zod compiles object parsers with `new Function` unless
// told not to, and probing for that permission is itself reported as a CSP violation (the page's
// script-src has no 'unsafe-eval'); the interpreted parsers are plenty fast for our payloads.
import * as z from 'zod/mini';
import { localTimeZone } from '#lib/chart/timezone.ts';

z.config({ jitless: true });

// The first use of Intl in a page loads the browser's locale and time-zone data: ~50 ms on a 2-core
// desktop, ~200 ms on a phone 4x slower. Every page formats prices and times, so that cost is paid
// on every first load; paid here, in a task of its own while the page's modules are still arriving,
// it no longer lengthens the first render (one task, so input waits for the sum: bench:lighthouse's
// total blocking time). The device's zone it resolves is kept (timezone.ts).
setTimeout(localTimeZone, 0);
