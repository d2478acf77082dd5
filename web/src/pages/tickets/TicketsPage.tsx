import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { useBulk, plural } from '../../lib/bulk.ts';
import { useMe } from '../../lib/session.tsx';
import { useSettings } from '../../lib/settings.ts';
import { TICKET_ERASE_WORDS } from '../../lib/permissions.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { DeletedTicket, OffsetPage, Ticket } from '../../lib/types.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { BulkBar } from '../../components/BulkBar.tsx';
import { Clip, ErrorBox, Loading, PageHeader, StatusBadge, When } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { Tabs } from '../../components/Tabs.tsx';

/** Why a ticket is in Spam, in words (a mail loop is quarantined there, see docs/email.md). */
const SPAM_CAUSE: Record<string, string> = { marked: 'Marked as spam', contact_deleted: 'Requester deleted', mail_loop: 'Mail loop (quarantined)' };

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

type Row = Ticket | (DeletedTicket & { status?: undefined; requester_id?: undefined });

function listPath(view: ViewId, page: number): string {
  if (view === 'spam') return `/spam_tickets${qs({ page, per_page: PER_PAGE })}`;
  if (view === 'deleted') return `/deleted_tickets${qs({ page, per_page: PER_PAGE })}`;
  return `/search${qs({ query: STATUS_QUERY[view], page, per_page: PER_PAGE, sort_by: 'updated_at', sort_order: 'desc' })}`;
}

async function fetchView(view: ViewId, page: number): Promise<{ rows: Row[]; count: number }> {
  const r = await api<OffsetPage & { results?: Ticket[]; tickets?: Ticket[]; deleted_tickets?: DeletedTicket[] }>('GET', listPath(view, page));
  return { rows: (r.results ?? r.tickets ?? r.deleted_tickets ?? []) as Row[], count: r.count };
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
  const users = useUsers(rows.flatMap((r) => ('requester_id' in r ? [r.requester_id] : [])));
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
        if (!('requester_id' in t) || !t.requester_id) return null;
        // Deleted contacts are not in the users lookup; their tickets are the ones in Spam because of it.
        const name = users.get(t.requester_id)?.name ?? ((t as Ticket).spam_cause === 'contact_deleted' ? `Deleted contact #${t.requester_id}` : nameOf(users, t.requester_id));
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
      { key: 'why', header: 'Why', render: (t) => SPAM_CAUSE[(t as Ticket).spam_cause ?? 'marked'] ?? 'Marked as spam', secondary: true },
      { key: 'prev', header: 'Was', render: (t) => <StatusBadge status={(t as Ticket).previous_status ?? (t as Ticket).status} />, secondary: true },
      { key: 'when', header: 'Since', render: (t) => <When at={(t as Ticket).marked_spam_at} />, secondary: true },
    );
  } else if (view === 'deleted') {
    columns.push(
      { key: 'by', header: 'Deleted by', render: (t) => <Clip text={(t as DeletedTicket).actor?.name} fallback="—" />, secondary: true },
      { key: 'prev', header: 'Was', render: (t) => <StatusBadge status={(t as DeletedTicket).previous_state} />, secondary: true },
      { key: 'when', header: 'Deleted', render: (t) => <When at={(t as DeletedTicket).deleted_at} /> },
    );
  } else {
    columns.push(
      { key: 'status', header: 'Status', render: (t) => <StatusBadge status={(t as Ticket).status} /> },
      { key: 'updated', header: 'Updated', render: (t) => <When at={(t as Ticket).updated_at} />, secondary: true },
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
