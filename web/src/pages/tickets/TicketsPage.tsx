import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { useBulk, plural } from '../../lib/bulk.ts';
import { useMe } from '../../lib/session.tsx';
import { useSettings } from '../../lib/settings.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import { TICKET_ERASE_WORDS } from '../../../../src/shared/erasure-words.ts';
import type { QueryInput, SearchQuerySchema } from '../../../../src/shared/query.ts';
import type { SearchPage } from '../../../../src/shared/search.ts';
import type { DeletedTicket, SpamCause, SpamTicket, Ticket } from '../../../../src/shared/tickets.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { BulkBar } from '../../components/BulkBar.tsx';
import { Clip, ErrorBox, Loading, PageHeader, StatusBadge, When } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { Tabs } from '../../components/Tabs.tsx';

/** Why a ticket is in Spam, in words (a mail loop is quarantined there, see docs/email.md). */
const SPAM_CAUSE: Record<SpamCause, string> = { marked: 'Marked as spam', contact_deleted: 'Requester deleted', mail_loop: 'Mail loop (quarantined)' };

// The ticket views: by status (through search), Spam and Deleted tickets, each with
// checkboxes and the bulk actions that make sense there.

const PER_PAGE = 50;

type ViewId = 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'spam' | 'deleted';

const STATUS_QUERY: Partial<Record<ViewId, string>> = {
  open: 'type:ticket status<pending',
  pending: 'type:ticket status:pending',
  hold: 'type:ticket status:hold',
  solved: 'type:ticket status:solved',
  closed: 'type:ticket status:closed',
};

const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'hold', label: 'On-hold' },
  { id: 'solved', label: 'Solved' },
  { id: 'closed', label: 'Closed' },
  { id: 'spam', label: 'Spam' },
  { id: 'deleted', label: 'Deleted' },
];

/** A row of a view, tagged with the shape its list answers: tickets by status, Spam, Deleted tickets. */
type Row = ({ view: 'status' } & Ticket) | ({ view: 'spam' } & SpamTicket) | ({ view: 'deleted' } & DeletedTicket);

async function fetchView(view: ViewId, page: number): Promise<{ rows: Row[]; count: number }> {
  const paging = { page, per_page: PER_PAGE };
  if (view === 'spam') {
    const r = await api<OffsetPage & { tickets: SpamTicket[] }>('GET', `/spam_tickets${qs(paging)}`);
    return { rows: r.tickets.map((t) => ({ ...t, view: 'spam' })), count: r.count };
  }
  if (view === 'deleted') {
    const r = await api<OffsetPage & { deleted_tickets: DeletedTicket[] }>('GET', `/deleted_tickets${qs(paging)}`);
    return { rows: r.deleted_tickets.map((t) => ({ ...t, view: 'deleted' })), count: r.count };
  }
  const search: QueryInput<typeof SearchQuerySchema> = { query: STATUS_QUERY[view], ...paging, sort_by: 'updated_at', sort_order: 'desc' };
  const r = await api<SearchPage>('GET', `/search${qs(search)}`);
  return { rows: r.results.flatMap((t) => (t.result_type === 'ticket' ? [{ ...t, view: 'status' as const }] : [])), count: r.count };
}

async function countView(view: ViewId): Promise<number> {
  if (view === 'spam' || view === 'deleted') return (await fetchView(view, 1)).count;
  const r = await api<{ count: number }>('GET', `/search/count${qs({ query: STATUS_QUERY[view] })}`);
  return r.count;
}

export function TicketsPage() {
  const me = useMe();
  const params = useParams();
  const view = (VIEWS.find((v) => v.id === params.view)?.id ?? 'open') as ViewId;
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [lastView, setLastView] = useState(view);
  if (lastView !== view) {
    setLastView(view);
    setPage(1);
    setSelected(new Set());
  }
  const confirm = useConfirm();
  const bulk = useBulk();
  const settings = useSettings();
  const visible = VIEWS.filter((v) => v.id !== 'deleted' || me.abilities.delete_tickets);

  const list = useQuery({ queryKey: ['tickets', view, page], queryFn: () => fetchView(view, page) });
  const counts = useQuery({
    queryKey: ['tickets', 'counts', visible.map((v) => v.id)],
    queryFn: async () => Object.fromEntries(await Promise.all(visible.map(async (v) => [v.id, await countView(v.id)] as const))),
  });
  const rows = list.data?.rows ?? [];
  const users = useUsers(rows.flatMap((r) => (r.view === 'deleted' ? [] : [r.requester_id])));
  const ids = [...selected];
  const n = plural(ids.length, 'ticket', 'tickets');
  const invalidate = [['tickets'], ['contacts']];
  const done = () => setSelected(new Set());

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
    done();
    await bulk({ method: 'PUT', path: `/tickets/mark_many_as_spam?ids=${ids.join(',')}`, label: `Marking ${n} as spam`, invalidate, done: `${n} marked as spam.` });
  };
  const notSpam = async () => {
    done();
    await bulk({ method: 'PUT', path: `/spam_tickets/not_spam_many?ids=${ids.join(',')}`, label: `Not spam: ${n}`, invalidate, done: `${n} back in their views.` });
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
    done();
    await bulk({ method: 'DELETE', path: `/tickets/destroy_many?ids=${ids.join(',')}`, label: `Deleting ${n}`, invalidate, done: `${n} moved to Deleted tickets.` });
  };
  const restore = async () => {
    done();
    await bulk({ method: 'PUT', path: `/deleted_tickets/restore_many?ids=${ids.join(',')}`, label: `Restoring ${n}`, invalidate, done: `${n} restored.` });
  };
  const eraseForever = async () => {
    const ok = await confirm({
      title: `Delete ${n} forever?`,
      body: (
        <>
          <p>This erases, for each ticket:</p>
          <ul>
            {TICKET_ERASE_WORDS.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <p>
            <strong>This cannot be undone.</strong> Nobody, not even an admin, can bring them back.
          </p>
        </>
      ),
      confirmLabel: 'Delete forever',
      danger: true,
      acknowledge: 'I understand this cannot be undone.',
    });
    if (!ok) return;
    done();
    const from = view === 'spam' ? 'spam_tickets' : 'deleted_tickets';
    await bulk({ method: 'DELETE', path: `/${from}/destroy_many?ids=${ids.join(',')}`, label: `Erasing ${n}`, invalidate, done: `${n} erased.` });
  };

  const columns: Column<Row>[] = [
    { key: 'id', header: 'ID', render: (t) => `#${t.id}`, className: 'num' },
    {
      key: 'subject',
      header: 'Subject',
      render: (t) => (view === 'deleted' ? <Clip text={t.subject} fallback="(no subject)" /> : <Link to={`/tickets/${t.id}${view === 'spam' ? '?in=spam' : ''}`}><Clip text={t.subject} fallback="(no subject)" /></Link>),
      className: 'grow',
    },
  ];
  if (view !== 'deleted') {
    columns.push({
      key: 'requester',
      header: 'Requester',
      render: (t) => {
        if (t.view === 'deleted') return null;
        // Deleted contacts are not in the users lookup; their tickets are the ones in Spam because of it.
        const name = users.get(t.requester_id)?.name ?? (t.view === 'spam' && t.spam_cause === 'contact_deleted' ? `Deleted contact #${t.requester_id}` : nameOf(users, t.requester_id));
        return (
          <Link to={`/contacts/${t.requester_id}`}>
            <Clip text={name} />
          </Link>
        );
      },
      secondary: true,
    });
  }
  if (view === 'spam') {
    columns.push(
      { key: 'why', header: 'Why', render: (t) => (t.view === 'spam' ? SPAM_CAUSE[t.spam_cause ?? 'marked'] : null), secondary: true },
      { key: 'prev', header: 'Was', render: (t) => (t.view === 'spam' ? <StatusBadge status={t.previous_status} /> : null), secondary: true },
      { key: 'when', header: 'Since', render: (t) => (t.view === 'spam' ? <When at={t.marked_spam_at} /> : null), secondary: true },
    );
  } else if (view === 'deleted') {
    columns.push(
      { key: 'by', header: 'Deleted by', render: (t) => (t.view === 'deleted' ? <Clip text={t.actor?.name} fallback="—" /> : null), secondary: true },
      { key: 'prev', header: 'Was', render: (t) => (t.view === 'deleted' ? <StatusBadge status={t.previous_state} /> : null), secondary: true },
      { key: 'when', header: 'Deleted', render: (t) => (t.view === 'deleted' ? <When at={t.deleted_at} /> : null) },
    );
  } else {
    columns.push(
      { key: 'status', header: 'Status', render: (t) => (t.view === 'status' ? <StatusBadge status={t.status} /> : null) },
      { key: 'updated', header: 'Updated', render: (t) => (t.view === 'status' ? <When at={t.updated_at} /> : null), secondary: true },
    );
  }

  const a = me.abilities;
  return (
    <>
      <PageHeader title="Tickets" />
      <Tabs label="Ticket views" current={view} tabs={visible.map((v) => ({ id: v.id, label: v.label, to: `/views/${v.id}`, count: counts.data?.[v.id] }))} />
      <BulkBar count={ids.length} noun={['ticket', 'tickets']} onClear={done}>
        {view !== 'spam' && view !== 'deleted' && (
          <>
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
          </>
        )}
        {view === 'spam' && (
          <button type="button" className="btn" onClick={notSpam}>
            Not spam
          </button>
        )}
        {view === 'deleted' && (
          <button type="button" className="btn" onClick={restore}>
            Restore
          </button>
        )}
        {(view === 'spam' || view === 'deleted') && a.delete_tickets && (
          <button type="button" className="btn btn--danger" onClick={eraseForever}>
            Delete forever
          </button>
        )}
      </BulkBar>
      {list.isPending && <Loading what="Loading tickets" />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <>
          <SelectableTable
            caption={`${VIEWS.find((v) => v.id === view)!.label} tickets`}
            rows={rows}
            columns={columns}
            label={(t) => `ticket #${t.id} ${t.subject ?? ''}`}
            selected={selected}
            onSelectedChange={setSelected}
            empty={view === 'spam' ? 'No spam. Nice.' : 'No tickets here.'}
          />
          <Pager page={page} perPage={PER_PAGE} count={list.data.count} onPage={setPage} />
        </>
      )}
    </>
  );
}
