import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import { useShortcut } from '../../lib/shortcuts.tsx';
import { useLive, useTicketPresence } from '../../lib/live.tsx';
import { removeLocalDraft } from '../../lib/local-drafts.ts';
import { nameOf, useUsersQuery } from '../../lib/users.ts';
import type { Comment } from '../../../../src/shared/comments.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import type { User } from '../../../../src/shared/users.ts';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, StatusBadge, When } from '../../components/Misc.tsx';
import { Conversation, type RedactionProps } from './Conversation.tsx';
import type { VoiceProps } from './VoiceComment.tsx';
import { RedactDialog } from './RedactDialog.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { RequesterPanel } from './RequesterPanel.tsx';
import { SatisfactionRating } from '../satisfaction/SatisfactionRating.tsx';
import { TicketFields } from './TicketFields.tsx';
import { effectiveChanges, withField } from './pending.ts';
import { useDraft } from './useDraft.ts';
import { useSubmit } from './useSubmit.ts';
import { useTicketActions } from './useTicketActions.tsx';
import './ticket.css';
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

/** Why a ticket cannot be changed, in the words the page shows (in full, and short for the sidebar); null when it can. */
function lockOf(ticket: Ticket): { full: string; short: string } | null {
  if (ticket.status === 'closed') {
    return {
      full: 'This ticket is closed, so it cannot be changed: no replies, no field changes. To continue the conversation, open a follow-up ticket, as in Zendesk — when the requester answers by email, Oubli makes that follow-up by itself, linked to this one.',
      short: 'Read-only: a closed ticket cannot be changed.',
    };
  }
  if (ticket.state === 'spam') return { full: 'This ticket is in Spam: use Not spam to work on it again.', short: 'Read-only while in Spam.' };
  return null;
}

/** The ticket page: one instance per ticket, so moving to another ticket starts clean (with its own draft). */
export function TicketPage() {
  const id = Number(useParams().id);
  return <TicketLoader key={id} id={id} />;
}

function TicketLoader({ id }: { id: number }) {
  const me = useMe();
  const ticketQ = useQuery({ queryKey: ['ticket', id], queryFn: () => api<{ ticket: Ticket }>('GET', `/tickets/${id}`) });
  const gone = ticketQ.error instanceof ApiError && ticketQ.error.status === 404;
  // Deleted or erased: no reply can go to it, so the copy of a draft in this browser goes.
  useEffect(() => {
    if (gone) removeLocalDraft(me.user.id, id);
  }, [gone, me.user.id, id]);
  if (ticketQ.isPending) return <Loading what="Loading the ticket" />;
  // A failed re-read (offline for a moment) keeps the page and the reply being written.
  if (ticketQ.error && !ticketQ.data) {
    return gone ? (
      <div className="errorbox" role="alert">
        Ticket #{id} is not here: it may be in <Link to="/views/deleted">Deleted tickets</Link>, or erased.
      </div>
    ) : (
      <ErrorBox error={ticketQ.error} />
    );
  }
  return <TicketView ticket={ticketQ.data!.ticket} />;
}

function TicketView({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  const id = ticket.id;
  const [search] = useSearchParams();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [redacting, setRedacting] = useState<{ comment: Comment; text: string } | null>(null);
  const [writing, setWriting] = useState(false);
  const colleagues = useTicketPresence(id, writing, me.user.id);
  const onWriting = useCallback((w: boolean) => setWriting(w), []);

  const commentsQ = useQuery({ queryKey: ['ticket', id, 'comments'], queryFn: () => allComments(id) });
  const comments = commentsQ.data ?? [];
  const { byId: users, ready: usersReady } = useUsersQuery([ticket.requester_id, ticket.assignee_id, ...ticket.collaborator_ids, ...comments.map((c) => c.author_id), ...colleagues.map((c) => c.user_id)]);

  // The ticket says where it lives; the Spam view also links here with ?in=spam.
  const inSpam = ticket.state ? ticket.state === 'spam' : search.get('in') === 'spam';
  const closed = ticket.status === 'closed';
  const lock = lockOf(ticket);
  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ['ticket', id] });
    await queryClient.invalidateQueries({ queryKey: ['tickets'] });
  }, [queryClient, id]);
  const draft = useDraft(id, me.user.id, !lock);
  // A closed ticket takes no reply: a copy of a draft in this browser has nothing left to wait for.
  useEffect(() => {
    if (closed) removeLocalDraft(me.user.id, id);
  }, [closed, me.user.id, id]);
  // A redaction on this ticket (by anyone: the feed names no one) may have taken words the
  // draft on screen still has; so may changes missed while the feed was down.
  const { onChanges } = useLive();
  const commentIds = useMemo(() => new Set(comments.map((c) => c.id)), [comments]);
  const { redacted } = draft;
  useEffect(
    () =>
      onChanges((changes) => {
        if (changes === 'missed' || changes.some((c) => c.kind === 'event' && c.action === 'comment.redacted' && c.subject_id !== null && commentIds.has(c.subject_id))) redacted();
      }),
    [onChanges, commentIds, redacted],
  );
  const save = useSubmit(ticket, draft, () => void refresh());
  const requester = nameOf(users, ticket.requester_id);
  const requesterName = async () => {
    const known = users.get(ticket.requester_id)?.name;
    if (known) return known;
    const r = await api<{ user: User }>('GET', `/users/${ticket.requester_id}`).catch(() => null);
    return r?.user.name ?? requester;
  };
  const actions = useTicketActions(ticket, requesterName, refresh);
  const pendingCount = Object.keys(effectiveChanges(ticket, draft.value.fields)).length;

  const redaction: RedactionProps = {
    refusal: !me.abilities.redact
      ? 'Redaction needs the delete tickets permission; ask an admin.'
      : closed
        ? 'Closed tickets cannot be changed or redacted. To remove personal data from it, delete the ticket.'
        : null,
    onRedactText: (comment, text) => setRedacting({ comment, text }),
    onRedactAttachment: actions.redactAttachment,
  };

  // Deleting a call's recording needs the delete-tickets permission (canDeleteRecordings), closed tickets included.
  const voice: VoiceProps = { refusal: me.abilities.delete_tickets ? null : 'Deleting recordings needs the delete tickets permission; ask an admin.', deleted: refresh };

  const a = me.abilities;
  // "a": the Assignee field set to me and saved at once, as choosing it and pressing Update
  // would (other pending field changes go with it, as they do with Update).
  const assignToMe = async () => {
    draft.update({ fields: withField(ticket, draft.value.fields, 'assignee_id', me.user.id) });
    if (ticket.assignee_id === me.user.id) toast('This ticket is already assigned to you.');
    else if (await save.update()) toast('Assigned to you.');
  };
  useShortcut('a', 'Assign to me', () => (save.busy || !draft.ready ? false : void assignToMe()), { group: 'Ticket', enabled: !lock && a.work_tickets });

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
            <button type="button" className="btn" onClick={actions.markSpam}>
              Mark as spam
            </button>
          )}
          {inSpam && (
            <button type="button" className="btn" onClick={actions.notSpam}>
              Not spam
            </button>
          )}
          {ticket.status === 'solved' && !inSpam && a.settings && (
            <button type="button" className="btn" onClick={actions.closeNow}>
              Close now
            </button>
          )}
          {!inSpam && a.delete_tickets && (
            <button type="button" className="btn btn--danger" onClick={actions.del}>
              Delete
            </button>
          )}
          {inSpam && a.delete_tickets && (
            <button type="button" className="btn btn--danger" onClick={actions.eraseForever}>
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

      <div className="ticket-layout">
        <div className="ticket-main">
          {commentsQ.error && <ErrorBox error={commentsQ.error} />}
          {/* Until the authors are known a comment's kind (customer or staff) is not. */}
          {commentsQ.isPending || !usersReady ? <Loading what="Loading the conversation" /> : <Conversation comments={comments} users={users} redaction={redaction} voice={voice} />}
          {lock ? (
            <p className="note ticket-lock" role="note">
              {lock.full}
            </p>
          ) : (
            <ReplyBox ticket={ticket} draft={draft} save={save} pendingCount={pendingCount} onWriting={onWriting} />
          )}
        </div>
        <aside className="ticket-side" aria-label="Ticket details">
          <TicketFields
            ticket={ticket}
            fields={draft.value.fields}
            onFields={(fields) => draft.update({ fields })}
            lock={lock?.short ?? null}
            people={users}
            busy={save.busy || !draft.ready}
            error={save.error?.from === 'fields' ? save.error.text : null}
            onUpdate={async () => {
              if (await save.update()) toast('Ticket updated.');
            }}
            onDiscard={() => draft.update({ fields: {} })}
          />
          <RequesterPanel requesterId={ticket.requester_id} ticketId={id} />
          <SatisfactionRating rating={ticket.satisfaction_rating} />
        </aside>
      </div>

      <RedactDialog
        comment={redacting?.comment ?? null}
        initial={redacting?.text ?? ''}
        onCancel={() => setRedacting(null)}
        onRedact={async (text) => {
          try {
            // The draft goes to the server first, so the redaction reaches it there too (docs/views.md).
            await draft.flush();
            await api('PUT', `/tickets/${id}/comments/${redacting!.comment.id}/redact`, { text });
            setRedacting(null);
            toast('Text redacted.');
            await draft.reload();
            await refresh();
          } catch (err) {
            toast(errorText(err), 'error');
          }
        }}
      />
    </>
  );
}
