// One poller per database: the instance holding the store's "poller" lock polls, the others
// retry every interval and take over when the holder's session dies (within one interval).
// If our own lock session dies because the database is unreachable, we keep polling (live
// delivery must go on during a store outage) and re-acquire when it answers; we step down
// only when another instance is seen holding the lock.
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Leadership, Store } from '../store/types.ts';

export const LOCK_NAME = 'poller';

export interface LeaderElectionDeps {
  store: Pick<Store, 'tryLead'>;
  logger: Logger;
  retryMs: number;
  onLead: () => void;
  onStepDown: () => void;
}

export interface LeaderElection {
  start(): void;
  /** Stops retrying and releases the lock if held. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

export function createLeaderElection(deps: LeaderElectionDeps): LeaderElection {
  let leading = false;
  let held: Leadership | null = null;
  let stopped = true;
  let attempting = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let loggedStandby = false;
  let loggedUnreachable = false;

  const retryLater = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void attempt();
    }, deps.retryMs);
  };

  function watch(lead: Leadership) {
    void lead.lost.then(
      () => onLost(lead),
      () => onLost(lead),
    );
  }

  function onLost(lead: Leadership) {
    if (stopped || held !== lead) return;
    held = null;
    deps.logger.warn('lost the poller lock (database session ended); re-acquiring, polling continues meanwhile');
    void attempt();
  }

  async function attempt(): Promise<void> {
    if (stopped || attempting || held) return;
    attempting = true;
    let lead: Leadership | null;
    try {
      lead = await deps.store.tryLead(LOCK_NAME);
    } catch (err) {
      attempting = false;
      if (!loggedUnreachable) {
        loggedUnreachable = true;
        deps.logger.warn({ err: errorMessage(err), leading }, leading ? 'cannot re-acquire the poller lock (store unreachable); still polling' : 'cannot try for the poller lock (store unreachable); retrying');
      }
      retryLater();
      return;
    }
    attempting = false;
    loggedUnreachable = false;
    if (stopped) {
      await lead?.release().catch(() => undefined);
      return;
    }
    if (lead) {
      held = lead;
      loggedStandby = false;
      watch(lead);
      if (!leading) {
        leading = true;
        deps.logger.info('acquired the poller lock: this instance polls the quote source');
        deps.onLead();
      } else {
        deps.logger.info('re-acquired the poller lock');
      }
      return;
    }
    if (leading) {
      leading = false;
      deps.logger.warn('another instance holds the poller lock: stepping down');
      deps.onStepDown();
    } else if (!loggedStandby) {
      loggedStandby = true;
      deps.logger.info('another instance holds the poller lock: standing by');
    }
    retryLater();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void attempt();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const lead = held;
      held = null;
      leading = false;
      if (lead) await lead.release().catch((err: unknown) => deps.logger.warn({ err: errorMessage(err) }, 'releasing the poller lock failed'));
    },
    isLeader: () => leading,
  };
}
