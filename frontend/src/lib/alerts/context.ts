// The app-wide alert delivery state (toasts, the bell's unread count, browser notifications),
// created once by the root layout next to the live connection and shared through Svelte context.
import { getContext, setContext } from 'svelte';
import type { AlertsApi } from '../api/alerts.ts';
import type { Notifier } from './notifier.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';
import type { UnreadAlerts } from './unread.svelte.ts';

export interface AlertsContext {
  /** /api/alerts, with this browser's API token */
  api: AlertsApi;
  toasts: Toasts;
  unread: UnreadAlerts;
  notifier: Notifier;
}

const KEY = Symbol('tickstream.alerts');

export function setAlertsContext(ctx: AlertsContext): AlertsContext {
  return setContext(KEY, ctx);
}

export function useAlerts(): AlertsContext {
  const ctx = getContext<AlertsContext | undefined>(KEY);
  if (!ctx) throw new Error('useAlerts() must be called inside the root layout');
  return ctx;
}
