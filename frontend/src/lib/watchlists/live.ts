// Keeps the page's watchlists in step with changes made elsewhere (another tab, another instance,
// a script through the API), as they arrive on the live connection.
import type { WatchlistChange } from '@tickstream/shared';
import type { LiveListener } from '../live/socket.ts';

export interface LiveLists {
  apply(change: WatchlistChange): void;
  refresh(): Promise<void>;
}

/**
 * Applies each `watchlists` message, and reads the lists again when messages may have been missed:
 * - after a gap (messages lost for good);
 * - on the connection's first welcome. The page read the lists over HTTP while its socket was not
 *   yet live, and a change made in between reached no socket of this page (seen in CI: a list
 *   changed right after a tab showed it never arrived there). Later welcomes resume the stream,
 *   or report a gap.
 */
export function followLiveLists(lists: LiveLists, connection: { listen(listener: LiveListener): () => void }): () => void {
  let welcomed = false;
  return connection.listen({
    watchlists: (change) => lists.apply(change),
    gap: () => void lists.refresh(),
    welcome: () => {
      if (welcomed) return;
      welcomed = true;
      void lists.refresh();
    },
  });
}
