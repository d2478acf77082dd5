import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { keepStaffSocket } from './staff-socket.ts';
import { useSession } from './session.tsx';
import type { LiveStatus } from './live.tsx';
import { CHAT_CLOSE, type AgentClientMessage, type AgentServerMessage, type ChatLine, type LiveChat } from '../../../src/shared/chat-live.ts';

// The agent's chat socket (docs/web.md "Working chats in the web app"): one per tab while a
// staff member is signed in, opened by the Layout so that the top bar's badge counts waiting
// chats on every page. The server's `ready` holds every waiting and active chat; later
// messages change them. Everything lives in this component's state (the tab's memory) and
// goes with the tab, on sign-out, or when the server says a chat was deleted.

export interface ChatsState {
  status: LiveStatus;
  /** Whether this agent takes chats (the server's word, from `ready`). */
  meOnline: boolean;
  onlineAgentIds: number[];
  /** Waiting and active chats, and those that ended while this tab watched (until dismissed). */
  chats: LiveChat[];
  /** Chat ids whose visitor is typing right now. */
  visitorTyping: ReadonlySet<string>;
  /** The last `error` the server sent, for the page to show. */
  lastError: string | null;
  /** Sends when the socket is open; false when it is not (the caller keeps what it had). */
  send(m: AgentClientMessage): boolean;
  /** Forgets a chat this tab shows: an ended one the agent closed, or one just deleted. */
  forget(chatId: string): void;
  /** Shows a chat's files as redacted once DELETE …/attachments succeeded (before the server says so). */
  filesRedacted(chatId: string): void;
  /** Records the ticket a chat became (the POST …/ticket answer), until the server says so too. */
  setTicket(chatId: string, ticketId: number): void;
}

const Ctx = createContext<ChatsState | null>(null);
// Shorter than the live feed's backoff: a visitor may be waiting.
const RETRY_MS = [500, 1000, 2000, 5000];
/** A visitor's typing flag that no one cleared stops showing after this long. */
const TYPING_STALE_MS = 8000;

function withLine(chat: LiveChat, line: ChatLine): LiveChat {
  if (chat.lines.some((l) => l.id === line.id)) return chat;
  return { ...chat, lines: [...chat.lines, line] };
}

/** Opens the agent's chat socket for staff, reopens it when it drops, and holds what it says. */
export function ChatsProvider({ children, enabled, onNewWaiting }: { children: ReactNode; enabled: boolean; onNewWaiting?: () => void }) {
  const { socketsOpen } = useSession();
  const [status, setStatus] = useState<LiveStatus>('offline');
  const [meOnline, setMeOnline] = useState(false);
  const [onlineAgentIds, setOnlineAgentIds] = useState<number[]>([]);
  const [chats, setChats] = useState<LiveChat[]>([]);
  const [visitorTyping, setVisitorTyping] = useState<ReadonlySet<string>>(new Set());
  const [lastError, setLastError] = useState<string | null>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  // The server keeps "online" per socket: after a reconnect the new socket says it again.
  const wantOnline = useRef(false);
  const newWaiting = useRef(onNewWaiting);
  newWaiting.current = onNewWaiting;
  const active = enabled && socketsOpen;

  const setTyping = useCallback((chatId: string, on: boolean) => {
    const timers = typingTimers.current;
    const t = timers.get(chatId);
    if (t) clearTimeout(t);
    timers.delete(chatId);
    if (on) timers.set(chatId, setTimeout(() => setTyping(chatId, false), TYPING_STALE_MS));
    setVisitorTyping((prev) => {
      if (prev.has(chatId) === on) return prev;
      const next = new Set(prev);
      if (on) next.add(chatId);
      else next.delete(chatId);
      return next;
    });
  }, []);

  useEffect(() => {
    if (!active) return;
    const ping = setInterval(() => {
      const s = socketRef.current;
      if (s && s.readyState === WebSocket.OPEN) s.send(JSON.stringify({ type: 'ping' }));
    }, 25_000);

    const onMessage = (m: AgentServerMessage, connected: () => void) => {
      switch (m.type) {
        case 'ready':
          connected();
          setStatus('live');
          setMeOnline(m.me_online || wantOnline.current);
          setOnlineAgentIds(m.online_agent_ids);
          if (wantOnline.current && !m.me_online) socketRef.current?.send(JSON.stringify({ type: 'status', online: true } satisfies AgentClientMessage));
          // Ended chats this tab still shows stay; the rest is the server's list.
          setChats((prev) => [...m.chats, ...prev.filter((c) => c.status === 'ended' && !m.chats.some((n) => n.id === c.id))]);
          break;
        case 'chat':
          setChats((prev) => {
            const i = prev.findIndex((c) => c.id === m.chat.id);
            if (i < 0) {
              if (m.chat.status === 'waiting') newWaiting.current?.();
              return [...prev, m.chat];
            }
            const next = [...prev];
            // A line may have arrived before its chat's new state: keep every line either has.
            const lines = [...m.chat.lines, ...prev[i]!.lines.filter((l) => !m.chat.lines.some((x) => x.id === l.id))].sort((a, b) => a.id - b.id);
            next[i] = { ...m.chat, lines, ticket_id: m.chat.ticket_id ?? prev[i]!.ticket_id };
            return next;
          });
          break;
        case 'line':
          setChats((prev) => prev.map((c) => (c.id === m.line.chat_id ? withLine(c, m.line) : c)));
          if (m.line.author === 'visitor') setTyping(m.line.chat_id, false);
          break;
        case 'typing':
          if (m.who === 'visitor') setTyping(m.chat_id, m.typing);
          break;
        case 'chat_gone':
          setTyping(m.chat_id, false);
          if (m.reason === 'deleted') setChats((prev) => prev.filter((c) => c.id !== m.chat_id));
          else setChats((prev) => prev.map((c) => (c.id === m.chat_id ? { ...c, status: 'ended' } : c)));
          break;
        case 'agents_online':
          setOnlineAgentIds(m.online_agent_ids);
          break;
        case 'error':
          setLastError(m.description);
          break;
        case 'pong':
          break;
      }
    };

    const timers = typingTimers.current;
    const stop = keepStaffSocket<AgentServerMessage>({
      path: '/chat/agent',
      sessionEndedCode: CHAT_CLOSE.sessionEnded,
      retryMs: RETRY_MS,
      socketRef,
      onConnecting: () => setStatus('connecting'),
      onDropped: () => setStatus('offline'),
      onMessage,
    });
    return () => {
      stop();
      clearInterval(ping);
      timers.forEach(clearTimeout);
      timers.clear();
      setStatus('offline');
      // Signed out (or no longer staff): nothing of the chats stays in the tab.
      setChats([]);
      setVisitorTyping(new Set());
      setMeOnline(false);
      wantOnline.current = false;
    };
  }, [active, setTyping]);

  const send = useCallback((m: AgentClientMessage) => {
    const s = socketRef.current;
    if (!s || s.readyState !== WebSocket.OPEN) return false;
    s.send(JSON.stringify(m));
    // The server answers `status` with nothing of its own to this tab: the toggle follows at once.
    if (m.type === 'status') {
      wantOnline.current = m.online;
      setMeOnline(m.online);
    }
    setLastError(null);
    return true;
  }, []);
  const forget = useCallback((chatId: string) => setChats((prev) => prev.filter((c) => c.id !== chatId)), []);
  const filesRedacted = useCallback(
    (chatId: string) =>
      setChats((prev) =>
        prev.map((c) => (c.id !== chatId ? c : { ...c, lines: c.lines.map((l) => ({ ...l, files: l.files.map((f) => ({ ...f, file_name: 'redacted.txt', content_type: 'text/plain', size: 0, redacted: true })) })) })),
      ),
    [],
  );
  const setTicket = useCallback((chatId: string, ticketId: number) => setChats((prev) => prev.map((c) => (c.id === chatId ? { ...c, ticket_id: ticketId } : c))), []);

  const value = useMemo<ChatsState>(
    () => ({ status, meOnline, onlineAgentIds, chats, visitorTyping, lastError, send, forget, filesRedacted, setTicket }),
    [status, meOnline, onlineAgentIds, chats, visitorTyping, lastError, send, forget, filesRedacted, setTicket],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The chat socket's state; the Layout provides it (staff only). */
export function useChats(): ChatsState {
  const c = useContext(Ctx);
  if (!c) throw new Error('useChats outside ChatsProvider');
  return c;
}

/** Waiting chats, oldest first. */
export function waitingChats(chats: LiveChat[]): LiveChat[] {
  return chats.filter((c) => c.status === 'waiting').sort((a, b) => a.started_at.localeCompare(b.started_at));
}

/** Active chats, the agent's own first, then oldest first. */
export function activeChats(chats: LiveChat[], me: number): LiveChat[] {
  const mine = (c: LiveChat) => (c.agent_ids.includes(me) ? 0 : 1);
  return chats.filter((c) => c.status === 'active').sort((a, b) => mine(a) - mine(b) || a.started_at.localeCompare(b.started_at));
}
