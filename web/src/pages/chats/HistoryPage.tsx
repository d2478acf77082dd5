import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, errorText } from '../../lib/api.ts';
import { mayDeleteChat, mayDeleteChatFiles, useMe } from '../../lib/session.tsx';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { PageHeader } from '../../components/Misc.tsx';
import type { ChatObject } from '../../../../src/shared/chats.ts';
import { deleteChat, deleteChatFiles } from './chat-api.ts';
import { confirmDeleteChat, confirmDeleteFiles } from './delete-confirm.ts';
import './chats.css';

// Past chats (docs/web.md "Chat history"): every chat of the Chat API, newest first
// (GET /chat/chats), or those a search finds (GET /chat/chats/search?q=); one opens read-only
// at /chats/history/{id} with its transcript, visitor and files, and the delete buttons.

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');
const nameOf = (c: ChatObject) => c.visitor.name || `Visitor ${c.visitor.id}`;
const firstText = (c: ChatObject) => c.history.find((h) => h.type === 'chat.msg')?.msg ?? '';

/** The read-only transcript of a past chat. */
function PastTranscript({ chat }: { chat: ChatObject }) {
  return (
    <ol className="transcript transcript--past transcript__lines" aria-label="Transcript">
      {chat.history.map((h) => (
        <li key={`${h.type}-${h.id}`} className={`chatline ${h.nick.startsWith('agent:') ? 'chatline--agent' : ''}`}>
          <strong>{h.name}</strong> <time dateTime={h.timestamp}>{when(h.timestamp)}</time>
          <div>
            {h.type === 'chat.msg' && h.msg}
            {h.type === 'chat.memberjoin' && <em>{h.name} joined the chat</em>}
            {h.type === 'chat.memberleave' && <em>{h.name} left the chat</em>}
            {h.type === 'chat.file' && h.attachment && (h.attachment.redacted || !h.attachment.url ? <span className="chatfile--redacted">{h.attachment.name} (file removed)</span> : <a href={h.attachment.url}>{h.attachment.name}</a>)}
          </div>
        </li>
      ))}
    </ol>
  );
}

function PastChat({ id, onDeleted }: { id: string; onDeleted(id: string): void }) {
  const me = useMe();
  const confirm = useConfirm();
  const toast = useToast();
  const [chat, setChat] = useState<ChatObject | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const load = () =>
    api<ChatObject>('GET', `/chat/chats/${encodeURIComponent(id)}`)
      .then((c) => (setChat(c), setError('')))
      .catch((e: unknown) => setError(errorText(e)));
  useEffect(() => {
    setChat(null);
    void load();
  }, [id]);
  if (error) return <p className="errorbox" role="alert">{error}</p>;
  if (!chat) return <p className="muted" role="status">Loading…</p>;
  const hasFiles = chat.history.some((h) => h.attachment && !h.attachment.redacted);

  const removeFiles = async () => {
    if (!(await confirm(confirmDeleteFiles))) return;
    try {
      await deleteChatFiles(chat.id);
      toast('The chat’s files were deleted.');
      await load();
      heading.current?.focus();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const removeChat = async () => {
    if (!(await confirm(confirmDeleteChat))) return;
    try {
      await deleteChat(chat.id);
      toast('Chat deleted.');
      onDeleted(chat.id);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const s = chat.session;
  return (
    <div className="chatpane">
      <section className="chatpane__main" aria-labelledby="past-chat-heading">
        <header className="chatpane__head">
          <h2 id="past-chat-heading" ref={heading} tabIndex={-1}>
            {nameOf(chat)} <span className={`badge badge--chat-${chat.status}`}>{chat.status}</span>
          </h2>
          <div className="chatpane__actions" role="group" aria-label="Chat actions">
            {chat.ticket_id !== null && (
              <Link className="btn btn--small" to={`/tickets/${chat.ticket_id}`}>
                Open ticket #{chat.ticket_id}
              </Link>
            )}
            {hasFiles && mayDeleteChatFiles(me) && (
              <button type="button" className="btn btn--small" onClick={() => void removeFiles()}>
                Delete files
              </button>
            )}
            {mayDeleteChat(me) && (
              <button type="button" className="btn btn--danger btn--small" onClick={() => void removeChat()}>
                Delete chat
              </button>
            )}
          </div>
        </header>
        <p className="muted chatpane__hint">
          Started {when(chat.timestamp)}
          {chat.end_timestamp ? `, ended ${when(chat.end_timestamp)}` : ''}. Read-only.
        </p>
        <PastTranscript chat={chat} />
      </section>
      <section className="visitor panel" aria-label="Visitor">
        <h2>Visitor</h2>
        <p className="visitor__note muted">Personal data collected by the chat widget</p>
        <dl className="visitor__facts">
          <dt>Name</dt>
          <dd>{nameOf(chat)}</dd>
          {chat.visitor.email && (
            <>
              <dt>Email</dt>
              <dd>{chat.visitor.email}</dd>
            </>
          )}
          {s && (
            <>
              <dt>IP address</dt>
              <dd>{s.ip}</dd>
              <dt>Browser</dt>
              <dd>{s.user_agent}</dd>
            </>
          )}
        </dl>
        {chat.webpath.length > 0 && (
          <ul aria-label="Pages">
            {chat.webpath.map((p, i) => (
              <li key={i}>
                {p.title || p.to} <time dateTime={p.timestamp}>{when(p.timestamp)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The Chats page's History: past chats, a search, and one chat read-only. */
export function HistoryPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [q, setQ] = useState('');
  const [shown, setShown] = useState('');
  const [chats, setChats] = useState<ChatObject[] | null>(null);
  const [error, setError] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setChats(null);
    const req = shown
      ? api<{ results: { chat: ChatObject }[] }>('GET', `/chat/chats/search?q=${encodeURIComponent(shown)}&limit=50`).then((r) => r.results.map((x) => x.chat))
      : api<{ chats: ChatObject[] }>('GET', '/chat/chats?limit=50').then((r) => r.chats);
    req.then((c) => (setChats(c), setError(''))).catch((e: unknown) => setError(errorText(e)));
  }, [shown]);

  useEffect(() => {
    if ((location.state as { focus?: string } | null)?.focus === 'list') listHeading.current?.focus();
  }, [location.key, location.state]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setShown(q.trim());
  };
  const onDeleted = (gone: string) => {
    setChats((c) => c && c.filter((x) => x.id !== gone));
    void navigate('/chats/history', { state: { focus: 'list' } });
  };

  return (
    <div className={`chats ${id ? 'chats--selected' : ''}`}>
      <PageHeader title="Chat history">
        <Link className="btn btn--small" to="/chats">
          Live chats
        </Link>
      </PageHeader>
      <form className="chathistory__search" role="search" onSubmit={search}>
        <label htmlFor="chat-search">Search chats</label>{' '}
        <input id="chat-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Words in messages, a visitor’s name or email" />{' '}
        <button type="submit" className="btn btn--small">
          Search
        </button>
        {shown && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => (setQ(''), setShown(''))}>
            Show all
          </button>
        )}
      </form>
      <div className="chats__layout">
        <nav className="chatlist" aria-label="Past chats">
          <h2 className="chatlist__title" ref={listHeading} tabIndex={-1}>
            {shown ? `Chats matching “${shown}”` : 'All chats'} {chats && <span className="muted">({chats.length})</span>}
          </h2>
          {error && (
            <p className="errorbox" role="alert">
              {error}
            </p>
          )}
          {!chats && !error && <p className="muted" role="status">Loading…</p>}
          {chats && chats.length === 0 && <p className="muted chatlist__empty">{shown ? 'No chat matches.' : 'No chats yet.'}</p>}
          {chats && chats.length > 0 && (
            <ul className="chatlist__items">
              {chats.map((c) => (
                <li key={c.id}>
                  <Link to={`/chats/history/${c.id}`} className={`chatlist__item ${c.id === id ? 'is-selected' : ''}`} aria-current={c.id === id ? 'true' : undefined}>
                    <span className="chatlist__name">{nameOf(c)}</span> <span className="chatlist__detail muted">{`${c.status}, ${when(c.timestamp)}`}</span>{' '}
                    <span className="chatlist__last">{firstText(c)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="chats__pane">
          {id && (
            <Link to="/chats/history" className="chats__back">
              ← All past chats
            </Link>
          )}
          {id ? <PastChat key={id} id={id} onDeleted={onDeleted} /> : <p className="muted chats__none">Choose a chat to read it.</p>}
        </div>
      </div>
    </div>
  );
}
