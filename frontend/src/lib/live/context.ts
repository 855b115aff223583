// The live connection, quotes and clock are created once by the root layout and shared through
// Svelte context (no module-level singletons). Any page or component: `const { quotes } = useLive()`.
import { getContext, setContext } from 'svelte';
import type { Clock } from '../clock.svelte.ts';
import type { LiveConnection } from './connection.svelte.ts';
import type { Quotes } from './quotes.svelte.ts';

export interface LiveContext {
  connection: LiveConnection;
  quotes: Quotes;
  clock: Clock;
}

const KEY = Symbol('tickstream.live');

export function setLiveContext(ctx: LiveContext): LiveContext {
  return setContext(KEY, ctx);
}

export function useLive(): LiveContext {
  const ctx = getContext<LiveContext | undefined>(KEY);
  if (!ctx) throw new Error('useLive() must be called inside the root layout');
  return ctx;
}
