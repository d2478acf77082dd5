import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { useBulk } from '../../lib/bulk.ts';
import { useMe } from '../../lib/session.tsx';
import { useTicketPresence } from '../../lib/live.tsx';
import { useSettings } from '../../lib/settings.ts';
import { TICKET_ERASE_WORDS } from '../../../../src/shared/erasure-words.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { Attachment, Comment } from '../../../../src/shared/comments.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, StatusBadge, When } from '../../components/Misc.tsx';
import { Conversation, type RedactionProps } from './Conversation.tsx';
import { RedactDialog } from './RedactDialog.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { QueueNav } from '../tickets/QueueNav.tsx';

async function allComments(id: number): Promise<Comment[]> {
  const out: Comment[] = [];
  for (let page = 1; page < 100; page++) {
    const r = await api<OffsetPage & { comments: Comment[] }>('GET', `/tickets/${id}/comments?page=${page}&per_page=100`);
    out.push(...r.comments);
    if (!r.next_page) break;
  }
  return out;
}

export function TicketPage() {
  const me = useMe();
  const id = Number(useParams().id);
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const toast = useToast();
  const bulk = useBulk();
  const settings = useSettings();
  const queryClient = useQueryClient();
  const [redacting, setRedacting] = useState<{ comment: Comment; text: string } | null>(null);
  const [writing, setWriting] = useState(false);
  const colleagues = useTicketPresence(id, writing, me.user.id);
  const onWriting = useCallback((w: boolean) => setWriting(w), []);

  const ticketQ = useQuery({ queryKey: ['ticket', id], queryFn: () => api<{ ticket: Ticket & { state?: string } }>('GET', `/tickets/${id}`) });
  const commentsQ = useQuery({ queryKey: ['ticket', id, 'comments'], queryFn: () => allComments(id), enabled: ticketQ.isSuccess });
  const ticket = ticketQ.data?.ticket;
  const comments = commentsQ.data ?? [];
  const users = useUsers([ticket?.requester_id, ticket?.assignee_id, ...comments.map((c) => c.author_id), ...colleagues.map((c) => c.user_id)]);

  if (ticketQ.isPending) return <Loading what="Loading the ticket" />;
  if (ticketQ.error) {
    const gone = ticketQ.error instanceof ApiError && ticketQ.error.status === 404;
    return gone ? (
      <div className="errorbox" role="alert">
        Ticket #{id} is not here: it may be in <Link to="/views/deleted">Deleted tickets</Link>, or erased.
      </div>
    ) : (
      <ErrorBox error={ticketQ.error} />
    );
  }
  if (!ticket) return null;

  // The ticket object says where it lives when the server sends `state`; until then the
  // Spam view links here with ?in=spam.
  const inSpam = ticket.state ? ticket.state === 'spam' : search.get('in') === 'spam';
  const closed = ticket.status === 'closed';
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['ticket', id] });
    await queryClient.invalidateQueries({ queryKey: ['tickets'] });
  };
  const requester = nameOf(users, ticket.requester_id);
  const invalidate = [['tickets'], ['ticket', id], ['contacts']];

  const markSpam = async () => {
    const ok = await confirm({
      title: 'Mark this ticket as spam?',
      body: (
        <>
          <p>It moves to the Spam view and keeps its status, so Not spam can bring it back.</p>
          <p>
            <strong>{requester} will be suspended:</strong> no sign-in, no notifications, and new mail from their addresses is blocked.
          </p>
        </>
      ),
      confirmLabel: 'Mark as spam',
      danger: true,
    });
    if (!ok) return;
    try {
      await api('PUT', `/tickets/${id}/mark_as_spam`);
      toast(`Ticket #${id} marked as spam; ${requester} is suspended.`);
      await refresh();
      void navigate('/views/spam');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const notSpam = async () => {
    try {
      await api('PUT', `/spam_tickets/${id}/not_spam`);
      toast(`Ticket #${id} is back as ${ticket.status}.`);
      await refresh();
      void navigate(`/tickets/${id}`, { replace: true });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const del = async () => {
    const ok = await confirm({
      title: 'Delete this ticket?',
      body: (
        <p>
          It moves to Deleted tickets, remembering its status; Restore brings it back as it was. It is erased for good after{' '}
          {settings?.deleted_tickets_retention_days ?? 30} days.
        </p>
      ),
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/tickets/${id}`);
      toast(`Ticket #${id} moved to Deleted tickets.`);
      await refresh();
      void navigate('/views/deleted');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const eraseForever = async () => {
    const ok = await confirm({
      title: 'Delete this ticket forever?',
      body: (
        <>
          <p>This erases:</p>
          <ul>
            {TICKET_ERASE_WORDS.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
        </>
      ),
      confirmLabel: 'Delete forever',
      danger: true,
      acknowledge: 'I understand this cannot be undone.',
    });
    if (!ok) return;
    void navigate('/views/spam');
    await bulk({ method: 'DELETE', path: `/spam_tickets/${id}`, label: `Erasing ticket #${id}`, invalidate, done: `Ticket #${id} erased.` });
  };
  const closeNow = async () => {
    try {
      await api('PUT', `/tickets/${id}/close`);
      toast(`Ticket #${id} closed.`);
      await refresh();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const redaction: RedactionProps = {
    refusal: !me.abilities.redact
      ? 'Redaction needs the delete tickets permission; ask an admin.'
      : closed
        ? 'Closed tickets cannot be changed or redacted. To remove personal data from it, delete the ticket.'
        : null,
    onRedactText: (comment, text) => setRedacting({ comment, text }),
    onRedactAttachment: async (comment: Comment, a: Attachment) => {
      const ok = await confirm({
        title: `Redact ${a.file_name}?`,
        body: (
          <>
            <p>The file’s content is removed for good: it becomes an empty file named redacted.txt, everywhere it was stored.</p>
            <p>
              <strong>This cannot be undone.</strong>
            </p>
          </>
        ),
        confirmLabel: 'Redact file',
        danger: true,
      });
      if (!ok) return;
      try {
        await api('PUT', `/tickets/${id}/comments/${comment.id}/attachments/${a.id}/redact`);
        toast('File redacted.');
        await refresh();
      } catch (err) {
        toast(errorText(err), 'error');
      }
    },
  };

  const a = me.abilities;
  return (
    <>
      <header className="page-header ticket-header">
        <div className="ticket-header__title">
          <QueueNav ticketId={ticket.id} />
          <p className="eyebrow">
            Ticket #{ticket.id} · via {ticket.via.channel} · <When at={ticket.created_at} />
          </p>
          <h1 className="page-title breakable">{ticket.subject || '(no subject)'}</h1>
          <p className="ticket-header__meta">
            <StatusBadge status={ticket.status} />
            {inSpam && <span className="badge badge--spam">In Spam</span>}
            <span>
              Requester:{' '}
              <Link to={`/contacts/${ticket.requester_id}`} className="clip">
                {requester}
              </Link>
            </span>
          </p>
        </div>
        <div className="page-actions">
          {!inSpam && a.work_tickets && (
            <button type="button" className="btn" onClick={markSpam}>
              Mark as spam
            </button>
          )}
          {inSpam && (
            <button type="button" className="btn" onClick={notSpam}>
              Not spam
            </button>
          )}
          {ticket.status === 'solved' && !inSpam && a.settings && (
            <button type="button" className="btn" onClick={closeNow}>
              Close now
            </button>
          )}
          {!inSpam && a.delete_tickets && (
            <button type="button" className="btn btn--danger" onClick={del}>
              Delete
            </button>
          )}
          {inSpam && a.delete_tickets && (
            <button type="button" className="btn btn--danger" onClick={eraseForever}>
              Delete forever
            </button>
          )}
        </div>
      </header>

      <p className="presence" role="status" aria-live="polite">
        {colleagues.map((c) => (
          <span key={c.user_id} className={`presence__agent presence__agent--${c.state}`}>
            {nameOf(users, c.user_id)} is {c.state === 'replying' ? 'replying' : 'viewing'}
          </span>
        ))}
      </p>

      {commentsQ.isPending && <Loading what="Loading the conversation" />}
      {commentsQ.error && <ErrorBox error={commentsQ.error} />}
      <Conversation comments={comments} users={users} redaction={redaction} />

      {closed ? (
        <p className="note">This ticket is closed: it cannot be changed. Follow-ups go in a new ticket.</p>
      ) : inSpam ? (
        <p className="note">This ticket is in Spam. Use Not spam to work on it again.</p>
      ) : (
        <ReplyBox
          ticket={ticket}
          onWriting={onWriting}
          onStale={() => void refresh()}
          onSaved={async (text) => {
            toast(text);
            await refresh();
          }}
        />
      )}

      <RedactDialog
        comment={redacting?.comment ?? null}
        initial={redacting?.text ?? ''}
        onCancel={() => setRedacting(null)}
        onRedact={async (text) => {
          try {
            await api('PUT', `/tickets/${id}/comments/${redacting!.comment.id}/redact`, { text });
            setRedacting(null);
            toast('Text redacted.');
            await refresh();
          } catch (err) {
            toast(errorText(err), 'error');
          }
        }}
      />
    </>
  );
}
