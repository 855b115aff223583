import { afterEach, describe, expect, it, vi } from 'vitest';

describe('client start-up', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('loads the locale and time-zone data (the first Intl formatter) in a task of its own, after the one that loads the app', async () => {
    vi.useFakeTimers();
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    await import('./hooks.client.ts');
    expect(built).not.toHaveBeenCalled();
    vi.runOnlyPendingTimers();
    expect(built).toHaveBeenCalledTimes(1);
    const { localTimeZone } = await import('#lib/chart/timezone.ts');
    localTimeZone();
    expect(built).toHaveBeenCalledTimes(1);
  });
});
