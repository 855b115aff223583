import type { WatchlistChange } from '@tickstream/shared';
import { describe, expect, it, vi } from 'vitest';
import type { LiveListener } from '../live/socket.ts';
import { followLiveLists } from './live.ts';

function setup() {
  let listener: LiveListener = {};
  const connection = { listen: vi.fn((l: LiveListener) => ((listener = l), () => (listener = {}))) };
  const lists = { apply: vi.fn(), refresh: vi.fn(() => Promise.resolve()) };
  const stop = followLiveLists(lists, connection);
  const welcome = () => listener.welcome?.({ epoch: 'e', watchlist: [], serverTimeMs: 0 });
  return { lists, stop, welcome, listener: () => listener };
}

describe('followLiveLists', () => {
  it('reads the lists again on the first welcome: a change made before the socket was live reached no socket of the page', () => {
    const { lists, welcome } = setup();
    welcome();
    expect(lists.refresh).toHaveBeenCalledTimes(1);
  });

  it('does not read them again on later welcomes, which resume the stream or report a gap', () => {
    const { lists, welcome } = setup();
    welcome();
    welcome();
    welcome();
    expect(lists.refresh).toHaveBeenCalledTimes(1);
  });

  it('reads them again after a gap, and applies each change as it arrives', () => {
    const { lists, listener } = setup();
    listener().gap?.();
    expect(lists.refresh).toHaveBeenCalledTimes(1);
    const change: WatchlistChange = { kind: 'delete', id: 3 };
    listener().watchlists?.(change);
    expect(lists.apply).toHaveBeenCalledWith(change);
  });

  it('stops listening when told to', () => {
    const { lists, stop, welcome } = setup();
    stop();
    welcome();
    expect(lists.refresh).not.toHaveBeenCalled();
  });
});
