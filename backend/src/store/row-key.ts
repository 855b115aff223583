// The identity of a tick or a 1m bar: (symbol, time), the tables' primary key. One key format for
// every in-memory set or map of rows (store repositories, the poller's dedup and write queue).

/** A string unique per (symbol, time); NUL cannot occur in a ticker symbol. */
export const rowKey = (row: { symbol: string; time: number }): string => `${row.symbol}\u0000${row.time}`;
