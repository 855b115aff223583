// Runs in the browser before any page module. zod compiles object parsers with `new Function` unless
// told not to, and probing for that permission is itself reported as a CSP violation (the page's
// script-src has no 'unsafe-eval'); the interpreted parsers are plenty fast for our payloads.
import * as z from 'zod/mini';

z.config({ jitless: true });
