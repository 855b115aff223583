// Pure list edits: each returns a new array (or the same one when nothing changes).

/** Moves `symbol` by `delta` places, clamped to the ends. */
export function moveBy(symbols: readonly string[], symbol: string, delta: number): readonly string[] {
  const from = symbols.indexOf(symbol);
  if (from < 0) return symbols;
  return moveTo(symbols, from, Math.min(symbols.length - 1, Math.max(0, from + delta)));
}

/** Moves the entry at `from` to index `to` (a drag and drop). */
export function moveTo(symbols: readonly string[], from: number, to: number): readonly string[] {
  if (from === to || from < 0 || from >= symbols.length || to < 0 || to >= symbols.length) return symbols;
  const next = [...symbols];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

export function withoutSymbol(symbols: readonly string[], symbol: string): readonly string[] {
  return symbols.includes(symbol) ? symbols.filter((s) => s !== symbol) : symbols;
}

/** A name for a copy that no list has yet: "Tech (copy)", "Tech (copy 2)"… */
export function copyName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  let name = `${base} (copy)`;
  for (let i = 2; names.has(name.toLowerCase()); i++) name = `${base} (copy ${i})`;
  return name;
}
