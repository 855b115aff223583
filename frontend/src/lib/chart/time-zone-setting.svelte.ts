// The user's choice of chart clock (exchange, local, UTC), one per browser: kept in localStorage so
// every chart and every visit uses it. Memory only where storage is refused (private windows, SSR).
import { TIME_ZONE_MODES, type TimeZoneMode } from './timezone.ts';

export const TIME_ZONE_KEY = 'tickstream.chartTimeZone';
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

export class TimeZoneSetting {
  mode = $state<TimeZoneMode>('exchange');
  #storage: Storage | undefined;

  constructor(storage: Storage | undefined) {
    this.#storage = storage;
    try {
      const saved = storage?.getItem(TIME_ZONE_KEY);
      if (saved && (TIME_ZONE_MODES as readonly string[]).includes(saved)) this.mode = saved as TimeZoneMode;
    } catch {
      // keep the default
    }
  }

  set(mode: TimeZoneMode): void {
    this.mode = mode;
    try {
      this.#storage?.setItem(TIME_ZONE_KEY, mode);
    } catch {
      // memory only
    }
  }
}

let shared: TimeZoneSetting | null = null;

/** The browser's one setting (created on first use, in the browser). */
export function timeZoneSetting(): TimeZoneSetting {
  shared ??= new TimeZoneSetting(typeof localStorage === 'undefined' ? undefined : localStorage);
  return shared;
}
