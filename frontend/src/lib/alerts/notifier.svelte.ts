// Browser notifications (the Notification API) for alerts that fire while the tab is in the
// background. Permission is only ever asked from a user's click (browsers ignore or penalise a
// prompt on page load); when the tab is visible the toast is enough.
export type NotifyPermission = NotificationPermission | 'unsupported';

/** The part of the browser's Notification the app uses (tests pass a fake). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((ev: Event) => void) | null; close(): void };
}

export interface NotifierOptions {
  api?: NotificationApi | undefined;
  isHidden?: () => boolean;
  /** brings the tab forward when a notification is clicked */
  focus?: () => void;
}

export class Notifier {
  permission = $state<NotifyPermission>('unsupported');
  #api: NotificationApi | undefined;
  #isHidden: () => boolean;
  #focus: () => void;

  constructor(opts: NotifierOptions = {}) {
    this.#api = opts.api;
    this.#isHidden = opts.isHidden ?? (() => false);
    this.#focus = opts.focus ?? (() => {});
    this.permission = this.#api ? this.#api.permission : 'unsupported';
  }

  static forBrowser(): Notifier {
    const api = 'Notification' in globalThis ? (globalThis.Notification as unknown as NotificationApi) : undefined;
    return new Notifier({ api, isHidden: () => document.visibilityState === 'hidden', focus: () => globalThis.focus() });
  }

  /** Asks the browser for permission; call it from a click handler only. */
  async request(): Promise<NotifyPermission> {
    if (!this.#api) return 'unsupported';
    try {
      this.permission = await this.#api.requestPermission();
    } catch {
      this.permission = this.#api.permission;
    }
    return this.permission;
  }

  /**
   * Shows a notification when allowed and the tab is hidden; `tag` makes a repeat of the same event
   * (another tab, a replay) replace the first instead of stacking. Returns whether one was shown.
   */
  notify(title: string, body: string, tag: string): boolean {
    if (!this.#api || this.permission !== 'granted' || !this.#isHidden()) return false;
    try {
      const n = new this.#api(title, { body, tag });
      n.onclick = () => {
        this.#focus();
        n.close();
      };
      return true;
    } catch {
      // Chrome on Android refuses the constructor (service-worker notifications only): the toast stays.
      return false;
    }
  }
}
