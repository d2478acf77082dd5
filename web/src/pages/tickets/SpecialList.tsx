import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { useBulk, plural } from '../../lib/bulk.ts';
import { useMe } from '../../lib/session.tsx';
import { nameOf, useUsers } from '../../lib/users.ts';
import { PER_PAGE } from '../../lib/views.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import { TICKET_ERASE_WORDS } from '../../../../src/shared/erasure-words.ts';
import type { DeletedTicket, SpamCause, SpamTicket } from '../../../../src/shared/tickets.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { BulkBar } from '../../components/BulkBar.tsx';
import { Clip, ErrorBox, Loading, StatusBadge, When } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';

// The Spam and Deleted tickets lists: they have endpoints of their own (views run over
// active tickets only), and bulk actions of their own: Not spam, Restore, Delete forever.

export type SpecialId = 'spam' | 'deleted';

/** Why a ticket is in Spam, in words (a mail loop is quarantined there, see docs/email.md). */
const SPAM_CAUSE: Record<SpamCause, string> = { marked: 'Marked as spam', contact_deleted: 'Requester deleted', mail_loop: 'Mail loop (quarantined)' };

type Row = ({ list: 'spam' } & SpamTicket) | ({ list: 'deleted' } & DeletedTicket);

export async function fetchSpecial(list: SpecialId, page: number, perPage = PER_PAGE): Promise<{ rows: Row[]; count: number }> {
  const paging = qs({ page, per_page: perPage });
  if (list === 'spam') {
    const r = await api<OffsetPage & { tickets: SpamTicket[] }>('GET', `/spam_tickets${paging}`);
    return { rows: r.tickets.map((t) => ({ ...t, list: 'spam' })), count: r.count };
  }
  const r = await api<OffsetPage & { deleted_tickets: DeletedTicket[] }>('GET', `/deleted_tickets${paging}`);
  return { rows: r.deleted_tickets.map((t) => ({ ...t, list: 'deleted' })), count: r.count };
}

export function SpecialList({ list }: { list: SpecialId }) {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const confirm = useConfirm();
  const bulk = useBulk();
  const q = useQuery({ queryKey: ['tickets', list, page], queryFn: () => fetchSpecial(list, page) });
  const rows = q.data?.rows ?? [];
  const users = useUsers(rows.flatMap((r) => (r.list === 'spam' ? [r.requester_id] : [])));
  const ids = [...selected];
  const n = plural(ids.length, 'ticket', 'tickets');
  const invalidate = [['tickets'], ['contacts']];
  const done = () => setSelected(new Set());

  const notSpam = async () => {
    done();
    await bulk({ method: 'PUT', path: `/spam_tickets/not_spam_many?ids=${ids.join(',')}`, label: `Not spam: ${n}`, invalidate, done: `${n} back in their views.` });
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
    const from = list === 'spam' ? 'spam_tickets' : 'deleted_tickets';
    await bulk({ method: 'DELETE', path: `/${from}/destroy_many?ids=${ids.join(',')}`, label: `Erasing ${n}`, invalidate, done: `${n} erased.` });
  };

  const columns: Column<Row>[] = [
    { key: 'id', header: 'ID', render: (t) => `#${t.id}`, className: 'num' },
    {
      key: 'subject',
      header: 'Subject',
      render: (t) =>
        t.list === 'deleted' ? (
          <Clip text={t.subject} fallback="(no subject)" />
        ) : (
          <Link to={`/tickets/${t.id}?in=spam`}>
            <Clip text={t.subject} fallback="(no subject)" />
          </Link>
        ),
      className: 'grow',
    },
  ];
  if (list === 'spam') {
    columns.push(
      {
        key: 'requester',
        header: 'Requester',
        render: (t) => {
          if (t.list !== 'spam') return null;
          // Deleted contacts are not in the users lookup; their tickets are the ones in Spam because of it.
          const name = users.get(t.requester_id)?.name ?? (t.spam_cause === 'contact_deleted' ? `Deleted contact #${t.requester_id}` : nameOf(users, t.requester_id));
          return (
            <Link to={`/contacts/${t.requester_id}`}>
              <Clip text={name} />
            </Link>
          );
        },
        secondary: true,
      },
      { key: 'why', header: 'Why', render: (t) => (t.list === 'spam' ? SPAM_CAUSE[t.spam_cause ?? 'marked'] : null), secondary: true },
      { key: 'prev', header: 'Was', render: (t) => (t.list === 'spam' ? <StatusBadge status={t.previous_status} /> : null), secondary: true },
      { key: 'when', header: 'Since', render: (t) => (t.list === 'spam' ? <When at={t.marked_spam_at} /> : null), secondary: true },
    );
  } else {
    columns.push(
      { key: 'by', header: 'Deleted by', render: (t) => (t.list === 'deleted' ? <Clip text={t.actor?.name} fallback="—" /> : null), secondary: true },
      { key: 'prev', header: 'Was', render: (t) => (t.list === 'deleted' ? <StatusBadge status={t.previous_state} /> : null), secondary: true },
      { key: 'when', header: 'Deleted', render: (t) => (t.list === 'deleted' ? <When at={t.deleted_at} /> : null) },
    );
  }

  const a = me.abilities;
  const title = list === 'spam' ? 'Spam' : 'Deleted tickets';
  return (
    <>
      <header className="page-header">
        <h1 className="page-title">{title}</h1>
      </header>
      <BulkBar count={ids.length} noun={['ticket', 'tickets']} onClear={done}>
        {list === 'spam' ? (
          <button type="button" className="btn" onClick={notSpam}>
            Not spam
          </button>
        ) : (
          <button type="button" className="btn" onClick={restore}>
            Restore
          </button>
        )}
        {a.delete_tickets && (
          <button type="button" className="btn btn--danger" onClick={eraseForever}>
            Delete forever
          </button>
        )}
      </BulkBar>
      {q.isPending && <Loading what="Loading tickets" />}
      {q.error && <ErrorBox error={q.error} />}
      {q.data && (
        <>
          <SelectableTable
            caption={`${title} tickets`}
            rows={rows}
            columns={columns}
            label={(t) => `ticket #${t.id} ${t.subject ?? ''}`}
            selected={selected}
            onSelectedChange={setSelected}
            empty={list === 'spam' ? 'No spam. Nice.' : 'No tickets here.'}
          />
          <Pager
            page={page}
            perPage={PER_PAGE}
            count={q.data.count}
            onPage={(p) => {
              setSelected(new Set());
              setParams(p > 1 ? { page: String(p) } : {});
            }}
          />
        </>
      )}
    </>
  );
}
