// A page's writes when the server may need its API token: a 401 remembers the write, the page
// asks for the token (`needsToken`), and `provideToken` retries that same write with it. Failures
// become the form's errors: the API's typed 400 fields mapped to inputs by the caller's function,
// anything else as one message. Shared by the portfolio and the alerts pages.
import { ApiError } from './send.ts';

export type FormErrorsOf<F extends string> = Partial<Record<F | 'form', string>>;

export interface GuardedWritesOptions<F extends string> {
  setToken(token: string): void;
  /** "holdings", "alerts": what the token is needed to change */
  what: string;
  fieldErrors(fields: Readonly<Record<string, string>>, fallback: string): FormErrorsOf<F>;
  /** after every successful write (reload what changed) */
  after(): Promise<void>;
}

export class GuardedWrites<F extends string> {
  needsToken = $state(false);
  #opts: GuardedWritesOptions<F>;
  #retry: (() => Promise<unknown>) | null = null;

  constructor(opts: GuardedWritesOptions<F>) {
    this.#opts = opts;
  }

  /** Resolves to the errors to show, or null when the write went through. */
  async run(action: () => Promise<unknown>): Promise<FormErrorsOf<F> | null> {
    try {
      await action();
    } catch (err) {
      if (err instanceof ApiError && err.code !== 'NETWORK_ERROR') {
        if (err.status === 401) {
          this.needsToken = true;
          this.#retry = action;
          return { form: `This server needs its API token to change ${this.#opts.what}.` } as FormErrorsOf<F>;
        }
        return this.#opts.fieldErrors(err.fields, err.message);
      }
      return { form: `Could not reach the server: ${err instanceof Error ? err.message : String(err)}` } as FormErrorsOf<F>;
    }
    await this.#opts.after();
    return null;
  }

  /** Stores the token the user typed and retries the write that needed it. */
  async provideToken(token: string): Promise<FormErrorsOf<F> | null> {
    this.#opts.setToken(token);
    this.needsToken = false;
    const retry = this.#retry;
    this.#retry = null;
    return retry ? this.run(retry) : null;
  }

  cancel(): void {
    this.needsToken = false;
    this.#retry = null;
  }

  /** A write that is not retried after the token (a test delivery) still asks for it. */
  askForToken(): void {
    this.needsToken = true;
  }
}
