import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { AuditEvent as AuditLog } from '../../../../src/shared/audit.ts';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';

// Who did what, newest first. Events hold ids, counts and states, never a person's data,
// so this page shows no names but the actors'.

interface Page {
  audit_logs: AuditLog[];
  meta: { has_more: boolean; after_cursor: string | null };
}

function subject(e: AuditLog) {
  if (e.source_id && e.source_type === 'user') return <Link to={`/contacts/${e.source_id}`}>user #{e.source_id}</Link>;
  if (e.source_id && e.source_type === 'ticket') return <Link to={`/tickets/${e.source_id}`}>ticket #{e.source_id}</Link>;
  return e.source_id ? `${e.source_type} #${e.source_id}` : e.source_type;
}

function details(d: Record<string, unknown>) {
  const entries = Object.entries(d);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {entries.map(([k, v]) => (
        <span key={k} className="chip" title={`${k}: ${JSON.stringify(v)}`}>
          {k}: {Array.isArray(v) ? v.join(', ') : String(v)}
        </span>
      ))}
    </span>
  );
}

export function AuditLogPage() {
  const [action, setAction] = useState('');
  const [draft, setDraft] = useState('');
  const q = useInfiniteQuery({
    queryKey: ['audit', action],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<Page>('GET', `/audit_logs${qs({ 'page[size]': 50, 'page[after]': pageParam, 'filter[action]': action })}`),
    getNextPageParam: (last) => (last.meta.has_more ? last.meta.after_cursor : undefined),
  });
  const rows = q.data?.pages.flatMap((p) => p.audit_logs) ?? [];
  const actors = useUsers(rows.map((e) => e.actor_id));
  const columns: Column<AuditLog>[] = [
    { key: 'when', header: 'When', render: (e) => <When at={e.created_at} /> },
    { key: 'who', header: 'Who', render: (e) => (e.actor_id ? nameOf(actors, e.actor_id) : <span className="muted">system</span>) },
    { key: 'action', header: 'Action', render: (e) => <code>{e.action}</code> },
    { key: 'subject', header: 'On', render: subject },
    { key: 'details', header: 'Details', render: (e) => details(e.details), secondary: true, className: 'grow' },
  ];
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setAction(draft.trim());
  };
  return (
    <>
      <PageHeader title="Audit log">
        <form className="searchbox" onSubmit={submit} role="search">
          <label className="visually-hidden" htmlFor="audit-action">
            Show only one action
          </label>
          <input id="audit-action" placeholder="Action, e.g. user.deleted" value={draft} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit" className="btn">
            Filter
          </button>
        </form>
      </PageHeader>
      {q.isPending && <Loading what="Loading the audit log" />}
      {q.error && <ErrorBox error={q.error} />}
      {q.data && (
        <>
          <SelectableTable caption="Audit log" rows={rows} columns={columns} label={(e) => e.action} empty="Nothing recorded." />
          {q.hasNextPage && (
            <p className="pager">
              <button type="button" className="btn" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {q.isFetchingNextPage ? 'Loading…' : 'Older events'}
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}
