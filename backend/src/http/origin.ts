// The one Origin rule, for every route and transport (/ws upgrades, /api/stream, portfolio writes):
// the page's own origin is always allowed and ALLOWED_ORIGINS adds to it, never replaces it.
// "Own origin" means the host the request itself names (its Host header, or the host Express reads
// behind a trusted proxy): a page opened as http://localhost:3000 sends Origin http://localhost:3000
// and Host localhost:3000, one opened as http://127.0.0.1:3000 sends both with 127.0.0.1, so either
// works; a page on one of them reaching the other is cross-origin, as the browser sees it too.

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // includes the opaque origin "null"
  }
}

/**
 * Browsers send Origin on WebSocket upgrades, EventSource and cross-origin or same-origin fetch
 * writes; a request without one comes from a non-browser client (curl, a script, a server) that
 * CSRF-style abuse cannot ride, so it is allowed here (writes still meet the token check).
 * Hosts are compared, not schemes: behind a TLS proxy without TRUST_PROXY the server sees http.
 */
export function originAllowed(origin: string | undefined, ownHost: string | undefined, allowed: readonly string[] | undefined): boolean {
  if (origin === undefined) return true;
  if (allowed?.includes(origin)) return true;
  const host = hostOf(origin);
  return host !== null && ownHost !== undefined && host === ownHost;
}
