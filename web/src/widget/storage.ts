// The widget's one piece of browser storage on the customer's site (src/domain/erasure/stores.ts,
// "chat-widget-storage"): the visitor's secret, so that they come back as the same visitor.
// Nothing else is kept: no name, no lines (they are read from the server on every visit).

const KEY = 'oubli.chat.token';

/** The secret this browser was given, if any (storage may be blocked: then none). */
export function loadToken(): string | undefined {
  try {
    return window.localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string): void {
  try {
    window.localStorage.setItem(KEY, token);
  } catch {
    // Storage blocked: the visitor is new on every visit.
  }
}

/** Forgets the secret (the server said this visitor is gone). */
export function forgetToken(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
