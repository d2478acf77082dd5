import { useNavigate } from 'react-router';
import { api, errorText } from '../../lib/api.ts';
import { useBulk } from '../../lib/bulk.ts';
import { useSettings } from '../../lib/settings.ts';
import { TICKET_ERASE_WORDS } from '../../../../src/shared/erasure-words.ts';
import type { Attachment, Comment } from '../../../../src/shared/comments.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';

// The ticket's own actions (the header's buttons and redacting a file), each asking first
// when it destroys, and saying what happened.

/** `requester` names the requester now; it may ask the server when the page has not read the name yet. */
export function useTicketActions(ticket: Ticket, requester: () => Promise<string>, refresh: () => Promise<void>) {
  const id = ticket.id;
  const navigate = useNavigate();
  const confirm = useConfirm();
  const toast = useToast();
  const bulk = useBulk();
  const settings = useSettings();
  const invalidate = [['tickets'], ['ticket', id], ['contacts']];
  const run = async (call: () => Promise<unknown>, done: string, then?: string) => {
    try {
      await call();
      toast(done);
      await refresh();
      if (then) void navigate(then, { replace: then === `/tickets/${id}` });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return {
    async markSpam() {
      const name = await requester();
      const ok = await confirm({
        title: 'Mark this ticket as spam?',
        body: (
          <>
            <p>It moves to the Spam view and keeps its status, so Not spam can bring it back.</p>
            <p>
              <strong>{name} will be suspended:</strong> no sign-in, no notifications, and new mail from their addresses is blocked.
            </p>
          </>
        ),
        confirmLabel: 'Mark as spam',
        danger: true,
      });
      if (ok) await run(() => api('PUT', `/tickets/${id}/mark_as_spam`), `Ticket #${id} marked as spam; ${name} is suspended.`, '/views/spam');
    },
    notSpam: () => run(() => api('PUT', `/spam_tickets/${id}/not_spam`), `Ticket #${id} is back as ${ticket.status}.`, `/tickets/${id}`),
    async del() {
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
      if (ok) await run(() => api('DELETE', `/tickets/${id}`), `Ticket #${id} moved to Deleted tickets.`, '/views/deleted');
    },
    async eraseForever() {
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
    },
    closeNow: () => run(() => api('PUT', `/tickets/${id}/close`), `Ticket #${id} closed.`),
    async redactAttachment(comment: Comment, a: Attachment) {
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
      if (ok) await run(() => api('PUT', `/tickets/${id}/comments/${comment.id}/attachments/${a.id}/redact`), 'File redacted.');
    },
  };
}
