import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorText, isUnreachable } from '../../lib/api.ts';
import type { Draft } from '../../../../src/shared/workspace-shapes.ts';
import type { TicketStatus } from '../../../../src/shared/tickets.ts';
import { EMPTY_DRAFT, fieldsFromDraft, type DraftValue } from './pending.ts';

// The reply being written, kept on the server (PUT /tickets/{id}/draft, one per agent and
// ticket) a moment after each change, so it survives navigation, a redaction, another device
// and a session that ended. While the server cannot take it (offline, signed out, down), it
// is kept in this browser's localStorage too, and only until the server has it: the copy on
// this device is removed as soon as a save succeeds.

/** `unread`: the server could not be reached when the page opened, so a draft kept there is not shown. */
export type DraftState = 'empty' | 'saving' | 'saved' | 'local' | 'error' | 'unread';

const SAVE_AFTER_MS = 700;
const RETRY_MS = 5000;

interface LocalCopy {
  value: DraftValue;
  /** When it was written here (ms): a newer server draft (another device) wins over it. */
  saved_at: number;
}

const localKey = (userId: number, ticketId: number) => `oubli:draft:${userId}:${ticketId}`;

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const c = JSON.parse(raw) as LocalCopy;
    return c && typeof c.saved_at === 'number' && c.value && typeof c.value.body === 'string' ? { ...c, value: { ...EMPTY_DRAFT, ...c.value, fields: fieldsFromDraft(c.value.fields as Record<string, unknown>) } } : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, value: DraftValue): boolean {
  try {
    localStorage.setItem(key, JSON.stringify({ value, saved_at: Date.now() } satisfies LocalCopy));
    return true;
  } catch {
    return false; // storage full or disabled: the server copy is all there is
  }
}

function removeLocal(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* nothing to remove */
  }
}

export const isEmptyDraft = (v: DraftValue) => v.body.trim() === '' && v.status === null && Object.keys(v.fields).length === 0;

function fromServer(d: Draft): DraftValue {
  return { body: d.body, public: d.public, status: (d.status as TicketStatus | null) ?? null, fields: fieldsFromDraft(d.fields) };
}

/** Whether a failure means "the server did not get it" (so keep it here) rather than "it refused it". */
const unreachable = (err: unknown) => isUnreachable(err) || !(err instanceof ApiError) || err.status === 401 || err.status === 429 || err.status >= 500;

export interface DraftHandle {
  value: DraftValue;
  /** The draft as it is this moment (not as of the last render). */
  current(): DraftValue;
  /** False until the stored draft (server or this device) has been read. */
  ready: boolean;
  state: DraftState;
  /** Why the server refused the draft, when state is 'error'. */
  problem: string | null;
  /** Where the draft came from when the page opened, for a line saying so. */
  restored: 'server' | 'device' | null;
  update(patch: Partial<DraftValue>): void;
  /** Saves now what is not saved yet, and waits for any save under way. */
  flush(): Promise<void>;
  /** Reads the server's draft again (after a redaction changed it there). */
  reload(): Promise<void>;
  /** Forgets the draft everywhere (the reply was sent). */
  clear(): Promise<void>;
}

/** The signed-in agent's draft of a reply to one ticket (docs/web.md, "Drafts"). */
export function useDraft(ticketId: number, userId: number, enabled: boolean): DraftHandle {
  const key = localKey(userId, ticketId);
  const [value, setValue] = useState<DraftValue>(EMPTY_DRAFT);
  const [ready, setReady] = useState(false);
  const [state, setState] = useState<DraftState>('empty');
  const [problem, setProblem] = useState<string | null>(null);
  const [restored, setRestored] = useState<'server' | 'device' | null>(null);
  const valueRef = useRef(value);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<void> | null>(null);
  const mounted = useRef(true);

  const setBoth = useCallback((v: DraftValue) => {
    valueRef.current = v;
    setValue(v);
  }, []);

  const save = useCallback(async (): Promise<void> => {
    if (inflight.current) await inflight.current;
    if (!dirty.current) return;
    const v = valueRef.current;
    dirty.current = false;
    if (mounted.current) setState('saving');
    const run = (async () => {
      try {
        if (isEmptyDraft(v)) await api('DELETE', `/tickets/${ticketId}/draft`);
        else await api('PUT', `/tickets/${ticketId}/draft`, { draft: { body: v.body, public: v.public, status: v.status, fields: v.fields } });
        if (!dirty.current) removeLocal(key);
        if (mounted.current) {
          setProblem(null);
          setState(isEmptyDraft(v) ? 'empty' : 'saved');
        }
      } catch (err) {
        // Kept here until the server takes it; a newer change saves again anyway.
        dirty.current = true;
        writeLocal(key, valueRef.current);
        if (!mounted.current) return;
        if (unreachable(err)) {
          setState('local');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void save(), RETRY_MS);
        } else {
          setState('error');
          setProblem(errorText(err));
        }
      }
    })();
    inflight.current = run;
    try {
      await run;
    } finally {
      if (inflight.current === run) inflight.current = null;
    }
  }, [key, ticketId]);

  // Read what is stored when the page opens (or opens another ticket).
  useEffect(() => {
    mounted.current = true;
    if (!enabled) return;
    let cancelled = false;
    setReady(false);
    setRestored(null);
    dirty.current = false;
    void (async () => {
      const local = readLocal(key);
      let server: Draft | null = null;
      let reached = false;
      // A moment of network trouble should not hide a draft kept on the server: try a few times.
      for (let attempt = 0; attempt < 3 && !reached && !cancelled; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, 1000));
        try {
          server = (await api<{ draft: Draft | null }>('GET', `/tickets/${ticketId}/draft`)).draft;
          reached = true;
        } catch (err) {
          if (err instanceof ApiError && !unreachable(err)) break;
        }
      }
      if (cancelled) return;
      const serverAt = server?.updated_at ? Date.parse(server.updated_at) : 0;
      if (local && local.saved_at >= serverAt) {
        // Written here while the server could not take it: it is the newest, send it on.
        setBoth(local.value);
        setRestored(isEmptyDraft(local.value) ? null : 'device');
        dirty.current = true;
        setState('local');
        if (reached) void save();
      } else if (server) {
        removeLocal(key);
        setBoth(fromServer(server));
        setRestored('server');
        setState('saved');
      } else {
        setBoth(EMPTY_DRAFT);
        setState(reached ? 'empty' : 'unread');
      }
      setReady(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [enabled, key, ticketId, save, setBoth]);

  // Leaving the page (or the tab) with unsaved words: keep them here, then try the server.
  useEffect(() => {
    const keep = () => {
      if (dirty.current) writeLocal(key, valueRef.current);
    };
    window.addEventListener('pagehide', keep);
    return () => {
      window.removeEventListener('pagehide', keep);
      mounted.current = false;
      clearTimeout(timer.current);
      if (dirty.current) {
        keep();
        void save();
      }
    };
  }, [key, save]);

  const update = useCallback(
    (patch: Partial<DraftValue>) => {
      setBoth({ ...valueRef.current, ...patch });
      dirty.current = true;
      setRestored(null);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
    },
    [save, setBoth],
  );

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    await save();
  }, [save]);

  const reload = useCallback(async () => {
    if (dirty.current) return; // unsaved words win; they are saved (and redacted) next
    try {
      const d = (await api<{ draft: Draft | null }>('GET', `/tickets/${ticketId}/draft`)).draft;
      if (!dirty.current && mounted.current) setBoth(d ? fromServer(d) : EMPTY_DRAFT);
    } catch {
      /* the draft on screen stays; the next save sends it */
    }
  }, [ticketId, setBoth]);

  const clear = useCallback(async () => {
    clearTimeout(timer.current);
    if (inflight.current) await inflight.current;
    dirty.current = false;
    removeLocal(key);
    setBoth(EMPTY_DRAFT);
    setState('empty');
    setRestored(null);
    // Sending a comment deletes the draft on the server; a field-only submit does not.
    await api('DELETE', `/tickets/${ticketId}/draft`).catch(() => undefined);
  }, [key, ticketId, setBoth]);

  const current = useCallback(() => valueRef.current, []);
  return { value, current, ready: ready || !enabled, state, problem, restored, update, flush, reload, clear };
}
