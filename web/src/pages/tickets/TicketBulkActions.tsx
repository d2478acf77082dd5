import { useState } from 'react';
import { errorText } from '../../lib/api.ts';
import { plural, useBulkMany } from '../../lib/bulk.ts';
import { useMe } from '../../lib/session.tsx';
import { useSettings } from '../../lib/settings.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import type { BulkTicketChanges } from '../../../../src/shared/tickets.ts';
import { BulkEditDialog } from './BulkEditDialog.tsx';

// The bulk actions on active tickets, for a view and for search results: Edit (status,
// priority, assignee, group, tags), Mark as spam, Delete. `ids` gives the tickets when the
// action starts: the checked rows, or every ticket the view holds ("all N matching").

const INVALIDATE = [['tickets'], ['ticket'], ['contacts'], ['search']];

export function TicketBulkActions({ count, ids, onStarted }: { count: number; ids: () => Promise<number[]>; onStarted: () => void }) {
  const me = useMe();
  const confirm = useConfirm();
  const toast = useToast();
  const bulkMany = useBulkMany();
  const settings = useSettings();
  const [editing, setEditing] = useState(false);
  const n = plural(count, 'ticket', 'tickets');

  const run = async (what: (ids: number[]) => Promise<unknown>) => {
    let list: number[];
    try {
      list = await ids();
    } catch (err) {
      toast(`Could not list the tickets: ${errorText(err)}`, 'error');
      return;
    }
    onStarted();
    await what(list);
  };
  const label = (verb: string, list: number[]) => `${verb} ${plural(list.length, 'ticket', 'tickets')}`;

  const edit = (changes: BulkTicketChanges) => {
    setEditing(false);
    void run((list) =>
      bulkMany({ method: 'PUT', path: (s) => `/tickets/update_many?ids=${s}`, body: { ticket: changes }, ids: list, label: label('Updating', list), invalidate: INVALIDATE, done: `${plural(list.length, 'ticket', 'tickets')} updated.` }),
    );
  };
  const markSpam = async () => {
    const ok = await confirm({
      title: `Mark ${n} as spam?`,
      body: (
        <>
          <p>They move to the Spam view and keep their status, so Not spam can bring them back.</p>
          <p>
            <strong>Their requesters are suspended:</strong> they cannot sign in, get no notifications, and new mail from their addresses is
            blocked. Restoring a requester later does not take their tickets out of Spam.
          </p>
          <p>Spam is erased automatically after {settings?.spam_retention_days ?? 30} days.</p>
        </>
      ),
      confirmLabel: 'Mark as spam',
      danger: true,
    });
    if (!ok) return;
    await run((list) =>
      bulkMany({ method: 'PUT', path: (s) => `/tickets/mark_many_as_spam?ids=${s}`, ids: list, label: label('Marking as spam:', list), invalidate: INVALIDATE, done: `${plural(list.length, 'ticket', 'tickets')} marked as spam.` }),
    );
  };
  const del = async () => {
    const ok = await confirm({
      title: `Delete ${n}?`,
      body: (
        <>
          <p>They move to Deleted tickets, remembering their status; Restore brings them back as they were.</p>
          <p>Deleted tickets are erased for good after {settings?.deleted_tickets_retention_days ?? 30} days.</p>
        </>
      ),
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    await run((list) =>
      bulkMany({ method: 'DELETE', path: (s) => `/tickets/destroy_many?ids=${s}`, ids: list, label: label('Deleting', list), invalidate: INVALIDATE, done: `${plural(list.length, 'ticket', 'tickets')} moved to Deleted tickets.` }),
    );
  };

  const a = me.abilities;
  return (
    <>
      {a.work_tickets && (
        <button type="button" className="btn" onClick={() => setEditing(true)}>
          Edit…
        </button>
      )}
      {a.work_tickets && (
        <button type="button" className="btn" onClick={markSpam}>
          Mark as spam
        </button>
      )}
      {a.delete_tickets && (
        <button type="button" className="btn btn--danger" onClick={del}>
          Delete
        </button>
      )}
      <BulkEditDialog open={editing} count={n} onClose={() => setEditing(false)} onSubmit={edit} />
    </>
  );
}
