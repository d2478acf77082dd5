import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../lib/api.ts';
import { useChats } from '../../lib/chat.tsx';
import { mayDeleteChat, mayDeleteChatFiles, useMe } from '../../lib/session.tsx';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import type { LiveChat } from '../../../../src/shared/chat-live.ts';
import { Composer } from './Composer.tsx';
import { Transcript } from './Transcript.tsx';
import { VisitorPanel, visitorLabel } from './VisitorPanel.tsx';
import { chatToTicket, deleteChat, deleteChatFiles } from './chat-api.ts';
import { confirmDeleteChat, confirmDeleteFiles } from './delete-confirm.ts';

// The selected chat: its actions (take or join, leave, end, make a ticket, delete), the
// transcript, the composer once the agent is in the chat, and who the visitor is.

export interface ChatPaneProps {
  chat: LiveChat;
  draft: string;
  onDraft(chatId: string, text: string): void;
}

export function ChatPane({ chat, draft, onDraft }: ChatPaneProps) {
  const me = useMe();
  const chats = useChats();
  const { send } = chats;
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const ticketLink = useRef<HTMLAnchorElement>(null);
  // After "Create ticket" the button is gone: the focus goes to the link that replaced it.
  const focusTicket = useRef(false);
  useEffect(() => {
    if (chat.ticket_id !== null && focusTicket.current) {
      focusTicket.current = false;
      ticketLink.current?.focus();
    }
  }, [chat.ticket_id]);
  const connected = chats.status === 'live';
  const joined = chat.agent_ids.includes(me.user.id);
  const name = visitorLabel(chat.visitor);
  const hasFiles = chat.lines.some((l) => l.files.some((f) => !f.redacted));

  const onTyping = useCallback((typing: boolean) => void send({ type: 'typing', chat_id: chat.id, typing }), [send, chat.id]);
  const onText = useCallback((t: string) => onDraft(chat.id, t), [onDraft, chat.id]);

  const act = (m: Parameters<typeof send>[0]) => {
    if (!send(m)) toast('Not connected to the chat server: try again once it reconnects.', 'error');
  };

  const join = () => {
    act({ type: 'join', chat_id: chat.id });
    // The composer appears once the server says the agent is in: focus goes there then (below, autoFocus).
  };

  const end = async () => {
    const ok = await confirm({ title: 'End this chat?', body: `The chat with ${name} ends for everyone in it. The visitor can start a new one.`, confirmLabel: 'End chat' });
    if (ok) act({ type: 'end', chat_id: chat.id });
    heading.current?.focus();
  };

  const makeTicket = async () => {
    setBusy(true);
    // Set before the request: the chat server's update with the ticket can arrive before the
    // request's answer, and the link must take the focus whichever comes first.
    focusTicket.current = true;
    try {
      const id = await chatToTicket(chat.id);
      chats.setTicket(chat.id, id);
      toast(`Ticket #${id} created from the chat.`);
    } catch (err) {
      focusTicket.current = false;
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const removeChat = async () => {
    const ok = await confirm(confirmDeleteChat);
    if (!ok) return;
    try {
      await deleteChat(chat.id);
      chats.forget(chat.id);
      toast('Chat deleted.');
      // The button is gone with the chat: the focus goes to the page's "choose a chat" line.
      void navigate('/chats', { state: { focus: 'none' } });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const removeFiles = async () => {
    const ok = await confirm(confirmDeleteFiles);
    if (!ok) return;
    try {
      await deleteChatFiles(chat.id);
      chats.filesRedacted(chat.id);
      toast('The chat’s files were deleted.');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <div className="chatpane">
      <section className="chatpane__main" aria-labelledby="chat-heading">
        <header className="chatpane__head">
          <h2 id="chat-heading" ref={heading} tabIndex={-1}>
            {name} <span className={`badge badge--chat-${chat.status}`}>{chat.status}</span>
          </h2>
          <div className="chatpane__actions" role="group" aria-label="Chat actions">
            {chat.status !== 'ended' && !joined && (
              <button type="button" className="btn btn--primary btn--small" onClick={join} disabled={!connected}>
                {chat.status === 'waiting' ? 'Take chat' : 'Join chat'}
              </button>
            )}
            {chat.status === 'active' && joined && (
              <button type="button" className="btn btn--small" onClick={() => act({ type: 'leave', chat_id: chat.id })} disabled={!connected}>
                Leave
              </button>
            )}
            {chat.status !== 'ended' && (
              <button type="button" className="btn btn--small" onClick={() => void end()} disabled={!connected}>
                End chat
              </button>
            )}
            {chat.ticket_id !== null ? (
              <Link ref={ticketLink} className="btn btn--small" to={`/tickets/${chat.ticket_id}`}>
                Open ticket #{chat.ticket_id}
              </Link>
            ) : (
              <button type="button" className="btn btn--small" onClick={() => void makeTicket()} disabled={busy || chat.lines.length === 0}>
                Create ticket
              </button>
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
            {chat.status === 'ended' && (
              <button type="button" className="btn btn--ghost btn--small" onClick={() => chats.forget(chat.id)}>
                Close
              </button>
            )}
          </div>
        </header>
        <Transcript chat={chat} visitorName={name} typing={chats.visitorTyping.has(chat.id)} />
        {chat.status === 'active' && joined ? (
          <Composer chatId={chat.id} text={draft} onText={onText} onTyping={onTyping} connected={connected} onSend={(text, fileIds) => send({ type: 'message', chat_id: chat.id, text, ...(fileIds.length ? { file_ids: fileIds } : {}) })} />
        ) : (
          <p className="chatpane__hint muted">
            {chat.status === 'ended' ? 'This chat has ended.' : chat.status === 'waiting' ? 'Take the chat to answer the visitor.' : 'Join the chat to write in it.'}
          </p>
        )}
      </section>
      <VisitorPanel visitor={chat.visitor} />
    </div>
  );
}
