// Decides which symbols get a 1m-bar request this poll, so the request count stays small and
// bounded: bars only for symbols whose quote moved past what the last bar fetch covered (a
// closed market costs nothing), at most once per `minIntervalMs` per symbol, and at most
// `maxPerPoll` per poll, stalest first. Each request starts at the last bar already fetched,
// so a symbol that waited a few polls still gets every bar, just later.
import type { Tick } from '@tickstream/shared';
import type { BarRequest } from '../sources/types.ts';

export interface BarPolicy {
  minIntervalMs: number;
  maxPerPoll: number;
  /** how far back the first request for a symbol reaches (older bars come from backfill) */
  lookbackSeconds: number;
  /** longest range one request may ask for (Yahoo serves 7 days of 1m bars per request) */
  maxRangeSeconds: number;
}

/** Yahoo: one chart request per symbol per minute at most, 2 x concurrency per poll. */
export function barPolicyFor(sourceName: string, concurrency: number): BarPolicy {
  if (sourceName === 'yahoo') {
    return { minIntervalMs: 60_000, maxPerPoll: 2 * concurrency, lookbackSeconds: 10 * 60, maxRangeSeconds: 7 * 86_400 - 60 };
  }
  // The simulated market is free to ask: every poll, every symbol.
  return { minIntervalMs: 0, maxPerPoll: Number.POSITIVE_INFINITY, lookbackSeconds: 10 * 60, maxRangeSeconds: 7 * 86_400 - 60 };
}

export interface PlannedRequest {
  symbol: string;
  range: BarRequest;
  /** the quote time this request is meant to cover */
  tickTime: number;
}

interface SymbolState {
  lastAttemptAt: number;
  coveredUntil: number;
  lastBarTime: number | null;
}

export interface BarPlanner {
  plan(ticks: readonly Tick[], nowMs: number): PlannedRequest[];
  done(request: PlannedRequest, lastBarTime: number | null): void;
  retain(symbols: readonly string[]): void;
}

export function createBarPlanner(policy: BarPolicy): BarPlanner {
  const states = new Map<string, SymbolState>();

  return {
    plan(ticks, nowMs) {
      const nowSec = Math.floor(nowMs / 1000);
      const due = ticks.filter((t) => {
        const s = states.get(t.symbol);
        return !s || (t.time > s.coveredUntil && nowMs - s.lastAttemptAt >= policy.minIntervalMs);
      });
      due.sort((a, b) => (states.get(a.symbol)?.lastAttemptAt ?? -Infinity) - (states.get(b.symbol)?.lastAttemptAt ?? -Infinity));
      return due.slice(0, policy.maxPerPoll).map((t) => {
        const s = states.get(t.symbol);
        const start = Math.max(s?.lastBarTime ?? nowSec - policy.lookbackSeconds, nowSec - policy.maxRangeSeconds);
        states.set(t.symbol, { lastAttemptAt: nowMs, coveredUntil: s?.coveredUntil ?? -Infinity, lastBarTime: s?.lastBarTime ?? null });
        return { symbol: t.symbol, range: { from: Math.floor(start / 60) * 60, to: nowSec + 60 }, tickTime: t.time };
      });
    },
    done(request, lastBarTime) {
      const s = states.get(request.symbol);
      if (!s) return;
      s.coveredUntil = Math.max(s.coveredUntil, request.tickTime);
      if (lastBarTime !== null) s.lastBarTime = Math.max(s.lastBarTime ?? lastBarTime, lastBarTime);
    },
    retain(symbols) {
      const keep = new Set(symbols);
      for (const s of [...states.keys()]) if (!keep.has(s)) states.delete(s);
    },
  };
}
