/**
 * The API token of this browser tab: kept in sessionStorage (RFC 6750 bearer token), so it
 * lasts until the tab is closed and is never written to disk by the page or sent anywhere but
 * this server's /api/ routes.
 * @module
 */
const KEY = 'maildoctor.token';

const listeners = new Set<() => void>();

/** Calls `listener` whenever the token is saved or forgotten (for useSyncExternalStore); answers the unsubscribe. */
export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode quotas): the token lasts for this page only.
  }
  memory = token;
  changed();
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
  memory = null;
  changed();
}

let memory: string | null = null;

/** The token to send: the stored one, or the one given on this page when storage is refused. */
export function currentToken(): string | null {
  return readToken() ?? memory;
}
