import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import {
  daysWords,
  deadlineOf,
  dueState,
  listErasureRequests,
  STATUS_WORDS,
  type DueFilter,
  type ErasureRequest,
  type ErasureRequestStatus,
} from '../../lib/erasure-requests.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import { ErrorBox, Loading, PageHeader } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { ERASURE_REQUEST_STATUSES } from '../../../../src/shared/erasure-requests.ts';
import './erasure.css';

// Erasure requests with their GDPR deadlines: one month from receipt, or the recorded
// extension. Due soon (7 days) and overdue ones are marked, and have tabs of their own.

const PER_PAGE = 25;

/** The status and due badges of a request. */
export function RequestBadges({ r }: { r: ErasureRequest }) {
  const due = dueState(r);
  return (
    <>
      <span className={`badge badge--plain badge--${r.status}`}>{STATUS_WORDS[r.status]}</span>
      {due === 'overdue' && <span className="badge badge--plain badge--overdue">Overdue</span>}
      {due === 'soon' && <span className="badge badge--plain badge--soon">Due soon</span>}
    </>
  );
}

/** A date without its time of day (the exact time on hover): enough for a deadline in a list. */
function Day({ at }: { at: string }) {
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' })}
    </time>
  );
}

function DueCell({ r }: { r: ErasureRequest }) {
  const deadline = r.deadline ?? deadlineOf(r);
  const due = dueState(r);
  return (
    <span className="er-due">
      <Day at={deadline} />
      <span className="muted">
        {due ? daysWords(deadline) : r.status === 'completed' ? 'answered' : r.status === 'cancelled' ? 'cancelled' : daysWords(deadline)}
        {r.extended_until ? ' · extended' : ''}
      </span>
    </span>
  );
}

async function count(due: DueFilter | '', status: string): Promise<number> {
  return (await api<OffsetPage>('GET', `/erasure_requests?per_page=1${due ? `&due=${due}` : ''}${status ? `&status=${status}` : ''}`)).count;
}

export function ErasureRequestsPage() {
  const [params, setParams] = useSearchParams();
  const due = (['soon', 'overdue'].includes(params.get('due') ?? '') ? params.get('due') : '') as DueFilter | '';
  const status = ERASURE_REQUEST_STATUSES.includes(params.get('status') as ErasureRequestStatus) ? (params.get('status') as ErasureRequestStatus) : '';
  const page = Number(params.get('page') ?? 1) || 1;
  const go = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!('page' in next)) p.delete('page');
    setParams(p);
  };

  const list = useQuery({ queryKey: ['erasure-requests', 'list', due, status, page], queryFn: () => listErasureRequests({ due, status, page, perPage: PER_PAGE }) });
  const counts = useQuery({
    queryKey: ['erasure-requests', 'counts', status],
    queryFn: async () => ({ all: await count('', status), soon: await count('soon', status), overdue: await count('overdue', status) }),
  });
  const rows = list.data?.erasure_requests ?? [];
  const people = useUsers(rows.map((r) => r.user_id));
  const withStatus = (d: string) => `/erasure-requests?${new URLSearchParams({ ...(d ? { due: d } : {}), ...(status ? { status } : {}) }).toString()}`;

  const columns: Column<ErasureRequest>[] = [
    {
      key: 'id',
      header: 'Request',
      render: (r) => (
        <Link to={`/erasure-requests/${r.id}`} aria-label={`Erasure request #${r.id} for ${nameOf(people, r.user_id)}`}>
          #{r.id}
        </Link>
      ),
    },
    {
      key: 'person',
      header: 'Person',
      className: 'grow',
      render: (r) => (
        <Link to={`/contacts/${r.user_id}`} className="clip" title={nameOf(people, r.user_id)}>
          {nameOf(people, r.user_id)}
        </Link>
      ),
    },
    { key: 'status', header: 'Status', render: (r) => <RequestBadges r={r} /> },
    { key: 'due', header: 'Due', render: (r) => <DueCell r={r} /> },
    { key: 'received', header: 'Received', secondary: true, render: (r) => <Day at={r.received_at} /> },
    {
      key: 'matches',
      header: 'Matches',
      secondary: true,
      render: (r) =>
        r.match_counts.total ? (
          <span className="muted">
            {r.match_counts.total} · {r.match_counts.by_decision.pending} to decide
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];

  return (
    <>
      <PageHeader title="Erasure requests">
        <Link to="/erasure-requests/new" className="btn btn--primary">
          New erasure request
        </Link>
      </PageHeader>
      <div className="er-filters">
        <Tabs
          label="Erasure requests by due date"
          current={due || 'all'}
          tabs={[
            { id: 'all', label: 'All', count: counts.data?.all, to: withStatus('') },
            { id: 'soon', label: 'Due soon', count: counts.data?.soon, to: withStatus('soon') },
            { id: 'overdue', label: 'Overdue', count: counts.data?.overdue, to: withStatus('overdue') },
          ]}
        />
        <label className="inline-field">
          <span>Status</span>
          <select value={status} onChange={(e) => go({ status: e.target.value || null })}>
            <option value="">Any</option>
            {ERASURE_REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        A request must be answered within one calendar month of receipt; an extension of up to two further months needs a recorded reason. Due soon
        means within 7 days.
      </p>
      {list.isPending && <Loading what="Loading erasure requests" />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <>
          <SelectableTable
            caption="Erasure requests"
            rows={rows}
            columns={columns}
            label={(r) => `request #${r.id}`}
            empty={
              due || status ? (
                'No erasure requests match these filters.'
              ) : (
                <>
                  No erasure requests yet. Open one from a contact’s page, or with <Link to="/erasure-requests/new">New erasure request</Link>.
                </>
              )
            }
          />
          <Pager page={page} perPage={PER_PAGE} count={list.data.count} onPage={(p) => go({ page: String(p) })} />
        </>
      )}
    </>
  );
}
