import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, errorText, isUnreachable } from '../../lib/api.ts';
import type { Draft } from '../../../../src/shared/workspace-shapes.ts';
import type { TicketStatus } from '../../../../src/shared/tickets.ts';
import { EMPTY_DRAFT, fieldsFromDraft, type DraftValue } from './pending.ts';
import { onFlushDrafts, readLocalDraft, removeLocalDraft, writeLocalDraft } from '../../lib/local-drafts.ts';

// The reply being written, kept on the server (PUT /tickets/{id}/draft, one per agent and
// ticket) a moment after each change, so it survives navigation, a redaction, another device
// and a session that ended. While the server cannot take it (offline, signed out, down), it
// is kept in this browser too (lib/local-drafts.ts, which bounds that copy's life), and only
// until the server has it: the copy on this device is removed as soon as a save succeeds.

/** `unread`: the server could not be reached when the page opened, so a draft kept there is not shown. */
export type DraftState = 'empty' | 'saving' | 'saved' | 'local' | 'error' | 'unread';

const SAVE_AFTER_MS = 700;
const RETRY_MS = 5000;

/** The local copy's value, as it was written (older copies may lack newer fields). */
function readLocal(userId: number, ticketId: number): { value: DraftValue; saved_at: number } | null {
  const c = readLocalDraft(userId, ticketId);
  const v = c?.value as DraftValue | undefined;
  if (!c || !v || typeof v.body !== 'string') return null;
  return { saved_at: c.saved_at, value: { ...EMPTY_DRAFT, ...v, fields: fieldsFromDraft(v.fields as Record<string, unknown>) } };
}

/** What of a server draft a redaction can change: compared to tell whether one did. */
const redactable = (d: Draft | null) => (d ? JSON.stringify([d.body, d.fields]) : '');

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
  /**
   * Someone redacted text on this ticket (the live feed said so): the server's draft may have
   * lost words this page still holds, so the local copy goes and the next save first reads
   * the server's draft; if the redaction changed it, that draft replaces the one on screen.
   */
  redacted(): void;
  /** True once a redaction replaced the draft on screen, for a line saying so. */
  replacedByRedaction: boolean;
  /**
   * Forgets the draft everywhere (the reply was sent). Given what was sent, what the agent
   * changed since (the answer can come after the live feed showed the comment, and the agent
   * already chose "Internal note" or typed on) stays in the box, and is saved again.
   */
  clear(sent?: DraftValue): Promise<void>;
}

/** The signed-in agent's draft of a reply to one ticket (docs/web.md, "Drafts"). */
export function useDraft(ticketId: number, userId: number, enabled: boolean): DraftHandle {
  const key = `${userId}:${ticketId}`;
  const writeLocal = useCallback((v: DraftValue) => writeLocalDraft(userId, ticketId, v), [userId, ticketId]);
  const removeLocal = useCallback(() => removeLocalDraft(userId, ticketId), [userId, ticketId]);
  const [replacedByRedaction, setReplaced] = useState(false);
  /** The server's draft as this page last knew it (what a redaction may since have changed). */
  const known = useRef('');
  const recheck = useRef(false);
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
    if (recheck.current) {
      // A redaction happened: the words on screen may be the ones it removed.
      try {
        const d = (await api<{ draft: Draft | null }>('GET', `/tickets/${ticketId}/draft`)).draft;
        recheck.current = false;
        if (redactable(d) !== known.current) {
          known.current = redactable(d);
          dirty.current = false;
          if (mounted.current) {
            setBoth(d ? fromServer(d) : EMPTY_DRAFT);
            setReplaced(true);
            setState(d ? 'saved' : 'empty');
          }
          return;
        }
      } catch {
        /* not read: the check waits for the next save */
      }
      if (recheck.current) {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void save(), RETRY_MS);
        return;
      }
    }
    const v = valueRef.current;
    dirty.current = false;
    if (mounted.current) setState('saving');
    const run = (async () => {
      try {
        if (isEmptyDraft(v)) {
          await api('DELETE', `/tickets/${ticketId}/draft`);
          known.current = '';
        } else {
          const r = await api<{ draft: Draft }>('PUT', `/tickets/${ticketId}/draft`, { draft: { body: v.body, public: v.public, status: v.status, fields: v.fields } });
          known.current = redactable(r.draft);
        }
        if (!dirty.current) removeLocal();
        if (mounted.current) {
          setProblem(null);
          setState(isEmptyDraft(v) ? 'empty' : 'saved');
        }
      } catch (err) {
        // Kept here until the server takes it; a newer change saves again anyway.
        dirty.current = true;
        writeLocal(valueRef.current);
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
  }, [ticketId, writeLocal, removeLocal, setBoth]);

  // Read what is stored when the page opens (or opens another ticket).
  useEffect(() => {
    mounted.current = true;
    if (!enabled) return;
    let cancelled = false;
    setReady(false);
    setRestored(null);
    dirty.current = false;
    void (async () => {
      const local = readLocal(userId, ticketId);
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
      known.current = redactable(server);
      if (local && local.saved_at >= serverAt) {
        // Written here while the server could not take it: it is the newest, send it on.
        setBoth(local.value);
        setRestored(isEmptyDraft(local.value) ? null : 'device');
        dirty.current = true;
        setState('local');
        if (reached) void save();
      } else if (server) {
        removeLocal();
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
  }, [enabled, userId, ticketId, save, setBoth, removeLocal]);

  // Leaving the page (or the tab) with unsaved words: keep them here, then try the server.
  useEffect(() => {
    const keep = () => {
      // After a redaction elsewhere the words may be what it removed: the server decides first.
      if (dirty.current && !recheck.current) writeLocal(valueRef.current);
    };
    window.addEventListener('pagehide', keep);
    // Signing out sends the words to the server first, as the local copy is about to go.
    const offFlush = onFlushDrafts(async () => {
      clearTimeout(timer.current);
      await save();
    });
    return () => {
      offFlush();
      window.removeEventListener('pagehide', keep);
      mounted.current = false;
      clearTimeout(timer.current);
      if (dirty.current) {
        keep();
        void save();
      }
    };
  }, [key, save, writeLocal]);

  const update = useCallback(
    (patch: Partial<DraftValue>) => {
      setBoth({ ...valueRef.current, ...patch });
      dirty.current = true;
      setRestored(null);
      setReplaced(false);
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
      if (dirty.current || !mounted.current) return;
      known.current = redactable(d);
      recheck.current = false;
      setBoth(d ? fromServer(d) : EMPTY_DRAFT);
    } catch {
      /* the draft on screen stays; the next save sends it */
    }
  }, [ticketId, setBoth]);

  const redacted = useCallback(() => {
    removeLocal();
    recheck.current = true;
    if (dirty.current) return; // the pending save reads the server's draft first
    void reload();
  }, [removeLocal, reload]);

  const clear = useCallback(
    async (sent?: DraftValue) => {
      clearTimeout(timer.current);
      if (inflight.current) await inflight.current;
      const cur = valueRef.current;
      const same = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
      // Each part the agent has not touched since the submit goes back to empty.
      const next: DraftValue = sent
        ? {
            body: cur.body === sent.body ? EMPTY_DRAFT.body : cur.body,
            public: cur.public === sent.public ? EMPTY_DRAFT.public : cur.public,
            status: cur.status === sent.status ? EMPTY_DRAFT.status : cur.status,
            fields: same(cur.fields, sent.fields) ? EMPTY_DRAFT.fields : cur.fields,
          }
        : EMPTY_DRAFT;
      dirty.current = false;
      removeLocal();
      known.current = '';
      setBoth(next);
      setState('empty');
      setRestored(null);
      // Sending a comment deletes the draft on the server; a field-only submit does not.
      await api('DELETE', `/tickets/${ticketId}/draft`).catch(() => undefined);
      if (!isEmptyDraft(next)) {
        dirty.current = true;
        timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
      }
    },
    [ticketId, setBoth, removeLocal, save],
  );

  const current = useCallback(() => valueRef.current, []);
  return { value, current, ready: ready || !enabled, state, problem, restored, update, flush, reload, redacted, replacedByRedaction, clear };
}
