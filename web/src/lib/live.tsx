import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { keepStaffSocket } from './staff-socket.ts';
import { useSession } from './session.tsx';
import { LIVE_CLOSE, PRESENCE_HEARTBEAT_MS, type LiveChange, type LiveServerMessage, type PresenceAgent, type PresenceState } from '../../../src/shared/live.ts';

// The live feed (docs/live.md): one WebSocket per tab while signed in. A change makes the
// queries that show it stale, so what is on screen is read again through the API; nothing
// else arrives this way. Presence says who else is on a ticket.

export type LiveStatus = 'connecting' | 'live' | 'offline';

interface LiveState {
  status: LiveStatus;
  presence: ReadonlyMap<number, PresenceAgent[]>;
  /** Tells colleagues where this tab is (null: on no ticket). */
  announce(ticketId: number | null, state?: PresenceState): void;
  /** Hears each batch of changes; 'missed' when some may not have arrived (reconnect, resync). */
  onChanges(fn: ChangesListener): () => void;
}

export type ChangesListener = (changes: LiveChange[] | 'missed') => void;

const Ctx = createContext<LiveState>({ status: 'offline', presence: new Map(), announce() {}, onChanges: () => () => undefined });

/** The queries a change makes stale (their keys' prefixes). */
function staleKeys(c: LiveChange): unknown[][] {
  if (c.kind === 'ticket') return [['ticket', c.ticket_id], ['tickets'], ['home']];
  switch (c.subject_type) {
    case 'ticket':
      return c.subject_id !== null ? [['ticket', c.subject_id], ['tickets'], ['home']] : [['tickets'], ['home']];
    case 'user':
    case 'identity':
      return [['contacts'], ['users'], ['staff']];
    case 'organization':
    case 'organization_membership':
      return [['organizations'], ['contacts']];
    case 'group':
    case 'group_membership':
      return [['groups'], ['staff']];
    case 'comment':
    case 'attachment':
      // A redaction names the comment, not its ticket: every open ticket is read again.
      return [['ticket']];
    case 'erasure_request':
      return [['erasure-requests'], ['home']];
    case 'settings':
      return [['settings']];
    case 'macro':
      return [['macros']];
    default:
      return [['audit']];
  }
}

function applyChanges(queryClient: QueryClient, changes: LiveChange[]): void {
  const seen = new Set<string>();
  for (const c of changes) {
    for (const key of staleKeys(c)) {
      const k = JSON.stringify(key);
      if (seen.has(k)) continue;
      seen.add(k);
      void queryClient.invalidateQueries({ queryKey: key });
    }
  }
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

const RETRY_MS = [500, 2000, 5000, 15000];

/** Opens the feed while someone is signed in, and reopens it when it drops. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { socketsOpen } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('offline');
  const [presence, setPresence] = useState<ReadonlyMap<number, PresenceAgent[]>>(new Map());
  const socketRef = useRef<WebSocket | null>(null);
  const where = useRef<{ ticketId: number | null; state?: PresenceState }>({ ticketId: null });
  const signedIn = socketsOpen;
  const listeners = useRef(new Set<ChangesListener>());
  const tell = useCallback((c: LiveChange[] | 'missed') => listeners.current.forEach((fn) => fn(c)), []);

  // Reads refs only, so it never changes and effects that use it run once.
  const sendPresence = useCallback(() => {
    const s = socketRef.current;
    const { ticketId, state } = where.current;
    if (s && s.readyState === WebSocket.OPEN) s.send(JSON.stringify({ type: 'presence', ticket_id: ticketId, ...(ticketId !== null && state ? { state } : {}) }));
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    let readyBefore = false;
    const heartbeat = setInterval(() => where.current.ticketId !== null && sendPresence(), PRESENCE_HEARTBEAT_MS);
    const stop = keepStaffSocket<LiveServerMessage>({
      path: '/live',
      sessionEndedCode: LIVE_CLOSE.sessionEnded,
      retryMs: RETRY_MS,
      socketRef,
      onConnecting: () => setStatus('connecting'),
      onDropped: () => {
        setStatus('offline');
        setPresence(new Map());
      },
      onMessage: (m, connected) => {
        if (m.type === 'ready') {
          connected();
          setStatus('live');
          setPresence(new Map(m.presence.map((p) => [p.ticket_id, p.agents])));
          // What changed while the feed was down is read again.
          void queryClient.invalidateQueries();
          sendPresence();
          // A reconnect may have missed changes; the first connection has nothing before it.
          if (readyBefore) tell('missed');
          readyBefore = true;
        } else if (m.type === 'changes') {
          applyChanges(queryClient, m.changes);
          tell(m.changes);
        } else if (m.type === 'resync') {
          void queryClient.invalidateQueries();
          tell('missed');
        } else if (m.type === 'presence') {
          setPresence((prev) => {
            const next = new Map(prev);
            if (m.agents.length) next.set(m.ticket_id, m.agents);
            else next.delete(m.ticket_id);
            return next;
          });
        }
      },
    });
    return () => {
      clearInterval(heartbeat);
      stop();
      setStatus('offline');
    };
  }, [signedIn, queryClient, sendPresence, tell]);

  const announce = useCallback(
    (ticketId: number | null, state?: PresenceState) => {
      if (where.current.ticketId === ticketId && where.current.state === state) return;
      where.current = { ticketId, state };
      sendPresence();
    },
    [sendPresence],
  );
  const onChanges = useCallback((fn: ChangesListener) => {
    listeners.current.add(fn);
    return () => void listeners.current.delete(fn);
  }, []);
  const value = useMemo<LiveState>(() => ({ status, presence, announce, onChanges }), [status, presence, announce, onChanges]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLive(): LiveState {
  return useContext(Ctx);
}

/**
 * Says this tab is on a ticket (viewing, or replying while `replying`), and answers who
 * else is: colleagues only, one entry each.
 */
export function useTicketPresence(ticketId: number, replying: boolean, myId: number): PresenceAgent[] {
  const live = useLive();
  const { announce } = live;
  useEffect(() => {
    announce(ticketId, replying ? 'replying' : 'viewing');
  }, [announce, ticketId, replying]);
  useEffect(() => () => announce(null), [announce]);
  return (live.presence.get(ticketId) ?? []).filter((a) => a.user_id !== myId);
}
