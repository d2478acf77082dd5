// The copy of a reply draft kept in this browser while the server cannot take it
// (localStorage `oubli:draft:<agent>:<ticket>`, docs/web.md "Drafts"). It is personal data
// the server cannot reach, so its fate is bounded here (stores.ts, "browser-drafts"): it
// goes when the server has the draft, after 7 days, when the ticket is closed or gone, and
// when its agent signs out or another agent signs in on this browser. A session that
// merely expired keeps it: signing in again returns to the words.

const PREFIX = 'oubli:draft:';
/** How long a copy the server never took is kept. */
export const LOCAL_DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface LocalDraft {
  value: unknown;
  /** When it was written here (ms since the epoch). */
  saved_at: number;
}

const keyOf = (userId: number, ticketId: number) => `${PREFIX}${userId}:${ticketId}`;

/** The agent who signed out here: nothing more is written for them until they sign in again. */
let signedOut: number | null = null;

function draftKeys(): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
  } catch {
    /* storage disabled: nothing is kept */
  }
  return keys;
}

function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* nothing to remove */
  }
}

function parse(raw: string | null): LocalDraft | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as LocalDraft;
    return c && typeof c.saved_at === 'number' && c.value && typeof c.value === 'object' ? c : null;
  } catch {
    return null;
  }
}

const expired = (c: LocalDraft, now: number) => now - c.saved_at > LOCAL_DRAFT_MAX_AGE_MS;

/** The copy of this agent's draft of the ticket, if one younger than 7 days is here (an older one is removed). */
export function readLocalDraft(userId: number, ticketId: number): LocalDraft | null {
  const key = keyOf(userId, ticketId);
  let c: LocalDraft | null = null;
  try {
    c = parse(localStorage.getItem(key));
  } catch {
    return null;
  }
  if (c && !expired(c, Date.now())) return c;
  remove(key);
  return null;
}

/** Keeps a copy here; false when it could not be (storage full or off, or the agent signed out). */
export function writeLocalDraft(userId: number, ticketId: number, value: unknown): boolean {
  if (signedOut === userId) return false;
  try {
    localStorage.setItem(keyOf(userId, ticketId), JSON.stringify({ value, saved_at: Date.now() } satisfies LocalDraft));
    return true;
  } catch {
    return false;
  }
}

export function removeLocalDraft(userId: number, ticketId: number): void {
  remove(keyOf(userId, ticketId));
}

/** At start-up: removes copies older than 7 days and any that cannot be read. */
export function sweepLocalDrafts(): void {
  const now = Date.now();
  for (const k of draftKeys()) {
    let c: LocalDraft | null = null;
    try {
      c = parse(localStorage.getItem(k));
    } catch {
      /* unreadable: removed */
    }
    if (!c || expired(c, now)) remove(k);
  }
}

/** Sign-out: every copy of this agent's drafts goes, and none is written for them until they sign in. */
export function forgetDraftsOf(userId: number): void {
  signedOut = userId;
  for (const k of draftKeys()) if (k.startsWith(`${PREFIX}${userId}:`)) remove(k);
}

/** Someone signed in: other agents' copies go (this browser changed hands); theirs stay. */
export function keepOnlyDraftsOf(userId: number): void {
  if (signedOut === userId) signedOut = null;
  for (const k of draftKeys()) if (!k.startsWith(`${PREFIX}${userId}:`)) remove(k);
}

// The open ticket page saves its draft to the server before a sign-out takes the local copy.
const flushers = new Set<() => Promise<void>>();

export function onFlushDrafts(fn: () => Promise<void>): () => void {
  flushers.add(fn);
  return () => flushers.delete(fn);
}

/** Sends every open draft to the server (errors are the draft's own business). */
export async function flushDrafts(): Promise<void> {
  await Promise.all([...flushers].map((fn) => fn().catch(() => undefined)));
}
