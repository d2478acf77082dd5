import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { PageHeader } from '../../components/Misc.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { activeChats, useChats, waitingChats } from '../../lib/chat.tsx';
import { askNotificationPermission, notificationPermission } from '../../lib/chat-notify.ts';
import { useMe } from '../../lib/session.tsx';
import { ChatList } from './ChatList.tsx';
import { ChatPane } from './ChatPane.tsx';
import '../../components/connection.css';
import './chats.css';

// The agent's live chats (docs/web.md "Working chats in the web app"): the online toggle,
// the waiting and active chats, and the selected one (/chats/{id}). Drafts are kept per chat
// in this page's memory only: they survive a reconnect and switching chats, not a reload.

function OnlineToggle() {
  const { meOnline, send, status } = useChats();
  const toast = useToast();
  const toggle = () => {
    if (!send({ type: 'status', online: !meOnline })) toast('Not connected to the chat server: try again once it reconnects.', 'error');
  };
  return (
    <button type="button" className={`btn btn--small chat-online ${meOnline ? 'is-on' : ''}`} aria-pressed={meOnline} onClick={toggle} disabled={status !== 'live'}>
      <span className="chat-online__dot" aria-hidden="true" />
      Online for chat
    </button>
  );
}

function NotifyButton() {
  const [perm, setPerm] = useState(notificationPermission);
  if (perm !== 'default') return null;
  return (
    <button type="button" className="btn btn--small" onClick={() => void askNotificationPermission().then(setPerm)}>
      Notify me of new chats
    </button>
  );
}

export function ChatsPage() {
  const me = useMe();
  const chats = useChats();
  const { id } = useParams();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const onDraft = useCallback((chatId: string, text: string) => setDrafts((d) => ({ ...d, [chatId]: text })), []);
  const wasLive = useRef(false);
  const location = useLocation();
  const none = useRef<HTMLParagraphElement>(null);
  const focusNone = (location.state as { focus?: string } | null)?.focus === 'none';
  useEffect(() => {
    if (focusNone && !id) none.current?.focus();
  }, [focusNone, id, location.key]);
  if (chats.status === 'live') wasLive.current = true;

  const waiting = waitingChats(chats.chats);
  const active = activeChats(chats.chats, me.user.id);
  const ended = chats.chats.filter((c) => c.status === 'ended');
  const selected = id ? chats.chats.find((c) => c.id === id) : undefined;

  return (
    <div className={`chats ${id ? 'chats--selected' : ''}`}>
      <PageHeader title="Chats">
        <OnlineToggle />
        <NotifyButton />
        <Link className="btn btn--small" to="/chats/history">
          History
        </Link>
      </PageHeader>
      {wasLive.current && chats.status !== 'live' && (
        <div className="connection connection--unreachable chats__banner" role="status">
          <strong>Chat connection lost — reconnecting…</strong> <span>What you are writing stays here; send it once the chat is back.</span>
        </div>
      )}
      {chats.lastError && (
        <p className="errorbox" role="alert">
          {chats.lastError}
        </p>
      )}
      <p className="muted chats__presence">
        {chats.status !== 'live'
          ? 'Connecting to the chat server…'
          : `${chats.meOnline ? 'You are online: visitors can start chats.' : 'You are offline for chat: the widget offers visitors a message form unless a colleague is online.'} ${chats.onlineAgentIds.length === 1 ? '1 agent online.' : `${chats.onlineAgentIds.length} agents online.`}`}
      </p>
      <div className="chats__layout">
        <ChatList waiting={waiting} active={active} ended={ended} selected={id} me={me.user.id} />
        <div className="chats__pane">
          {id && (
            <Link to="/chats" className="chats__back">
              ← All chats
            </Link>
          )}
          {selected ? (
            <ChatPane key={selected.id} chat={selected} draft={drafts[selected.id] ?? ''} onDraft={onDraft} />
          ) : id ? (
            <p className="muted" role="status">
              {chats.status === 'live' ? 'This chat is no longer open: it ended elsewhere, became a ticket, or was deleted.' : 'Connecting to the chat server…'}
            </p>
          ) : (
            <p className="muted chats__none" ref={none} tabIndex={-1}>
              Choose a chat to read it and answer.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
