// Where the page keeps the API token (API_TOKEN on the server) that writes need: localStorage, so it
// is asked for once per browser; send() attaches it and forgets it when the server refuses it.
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export const TOKEN_KEY = 'tickstream.apiToken';

/** localStorage when there is one (private windows may refuse it), memory otherwise. */
export function tokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined): TokenStore {
  let memory: string | null = null;
  return {
    get() {
      try {
        return storage?.getItem(TOKEN_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        if (token === null) storage?.removeItem(TOKEN_KEY);
        else storage?.setItem(TOKEN_KEY, token);
      } catch {
        // memory only
      }
    },
  };
}
