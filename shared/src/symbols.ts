// One pattern for every symbol the system accepts: env vars, REST params, WS messages.
// Covers Yahoo's forms: AAPL, BRK-B, BTC-USD, EURUSD=X, WSU.DE, ^GSPC.
export const SYMBOL_PATTERN = /^\^?[A-Z0-9][A-Z0-9.=-]{0,19}$/;

export function normalizeSymbol(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isValidSymbol(symbol: string): boolean {
  return SYMBOL_PATTERN.test(symbol);
}

/** Splits "aapl, msft" into ["AAPL","MSFT"]; returns null when any entry is not a symbol. */
export function parseSymbolList(raw: string): string[] | null {
  const parts = raw.split(',').map(normalizeSymbol);
  if (parts.length === 0 || parts.some((p) => !isValidSymbol(p))) return null;
  return [...new Set(parts)];
}
