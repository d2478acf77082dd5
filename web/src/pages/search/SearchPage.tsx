import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { SearchHighlight, SearchPage as SearchAnswer, SearchResult } from '../../../../src/shared/search.ts';
import { BulkBar } from '../../components/BulkBar.tsx';
import { Clip, ErrorBox, Loading, PageHeader, StatusBadge, When } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { TicketBulkActions } from '../tickets/TicketBulkActions.tsx';
import { Marked } from './Marked.tsx';
import '../../styles/queue.css';

// Search (docs/search.md): one query in Zendesk's syntax, results grouped by type with their
// counts, each with the places it matched marked (the server's highlights), and the bulk
// actions on ticket results. Query, type and page are in the URL.

const TYPES = [
  { id: 'ticket', label: 'Tickets' },
  { id: 'user', label: 'People' },
  { id: 'organization', label: 'Organizations' },
] as const;
type Type = (typeof TYPES)[number]['id'];
const PER_PAGE = 25;

/** The query for one type: OR binds tighter than AND, so `type:ticket a OR b` is tickets matching a or b. */
const typed = (type: Type, q: string) => `type:${type} ${q}`;

const WHERE: Record<SearchHighlight['field'], string> = { subject: 'Subject', comment: 'Comment', file_name: 'File', profile: 'Profile', identity: 'Contact', name: 'Name' };

function Highlights({ list, skip }: { list: SearchHighlight[] | undefined; skip?: SearchHighlight['field'] }) {
  return (
    <>
      {(list ?? [])
        .filter((h) => h.field !== skip)
        .map((h) => (
          <p key={h.field} className="result__hl">
            <span className="result__where">{WHERE[h.field]}</span>
            <Marked html={h.html} />
          </p>
        ))}
    </>
  );
}

type TicketResult = Extract<SearchResult, { result_type: 'ticket' }>;

function TicketResults({ rows, count, page, onPage }: { rows: TicketResult[]; count: number; page: number; onPage: (p: number) => void }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const users = useUsers(rows.map((t) => t.requester_id));
  const clear = () => setSelected(new Set());
  const columns: Column<TicketResult>[] = [
    { key: 'id', header: 'ID', render: (t) => `#${t.id}`, className: 'num' },
    {
      key: 'subject',
      header: 'Subject',
      className: 'grow',
      render: (t) => {
        const subject = t.highlights?.find((h) => h.field === 'subject');
        return (
          <>
            <Link to={`/tickets/${t.id}`} className="breakable">
              {subject ? <Marked html={subject.html} /> : <Clip text={t.subject} fallback="(no subject)" />}
            </Link>
            <Highlights list={t.highlights} skip="subject" />
          </>
        );
      },
    },
    { key: 'status', header: 'Status', render: (t) => <StatusBadge status={t.status} /> },
    { key: 'requester', header: 'Requester', render: (t) => <Clip text={nameOf(users, t.requester_id)} />, secondary: true },
    { key: 'updated', header: 'Updated', render: (t) => <When at={t.updated_at} />, secondary: true },
  ];
  return (
    <>
      <BulkBar count={selected.size} noun={['ticket', 'tickets']} onClear={clear}>
        <TicketBulkActions count={selected.size} ids={() => Promise.resolve([...selected])} onStarted={clear} />
      </BulkBar>
      <SelectableTable caption="Tickets found" rows={rows} columns={columns} label={(t) => `ticket #${t.id} ${t.subject ?? ''}`} selected={selected} onSelectedChange={setSelected} empty="No tickets match." />
      <Pager
        page={page}
        perPage={PER_PAGE}
        count={count}
        onPage={(p) => {
          clear();
          onPage(p);
        }}
      />
    </>
  );
}

function OtherResults({ rows }: { rows: SearchResult[] }) {
  if (!rows.length) return <p className="muted">Nothing matches.</p>;
  return (
    <ul className="results plain-list" aria-label="Results">
      {rows.map((r) => (
        <li key={`${r.result_type}:${r.id}`} className="result">
          <div>
            <div className="result__head">
              {r.result_type === 'user' ? (
                <>
                  <Link to={`/contacts/${r.id}`}>
                    <Clip text={r.name} />
                  </Link>
                  <span className="badge">{r.role}</span>
                  {r.email && <span className="muted clip">{r.email}</span>}
                </>
              ) : (
                <strong className="breakable">{'name' in r ? r.name : `#${r.id}`}</strong>
              )}
            </div>
            <Highlights list={r.highlights} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const counts = useQuery({
    queryKey: ['search', 'counts', q],
    queryFn: async () => Object.fromEntries(await Promise.all(TYPES.map(async (t) => [t.id, (await api<{ count: number }>('GET', `/search/count${qs({ query: typed(t.id, q) })}`)).count] as const))),
    enabled: !!q,
    retry: false,
  });
  const asked = params.get('type') as Type | null;
  const type: Type = asked && TYPES.some((t) => t.id === asked) ? asked : (TYPES.find((t) => (counts.data?.[t.id] ?? 0) > 0)?.id ?? 'ticket');
  const results = useQuery({
    queryKey: ['search', q, type, page],
    queryFn: () => api<SearchAnswer>('GET', `/search${qs({ query: typed(type, q), page, per_page: PER_PAGE })}`),
    enabled: !!q,
    retry: false,
    placeholderData: keepPreviousData,
  });
  const link = (t: Type) => `/search?${new URLSearchParams({ q, type: t }).toString()}`;
  const rows = results.data?.results ?? [];

  return (
    <>
      <PageHeader title={q ? <>Search: <span className="breakable">{q}</span></> : 'Search'} />
      {!q && <p className="muted">Type in the search box above: words, "a phrase", status:open, requester:anna@example.com, tags:vip… (docs/search.md).</p>}
      {q && counts.error && <ErrorBox error={counts.error} />}
      {q && !counts.error && (
        <>
          <Tabs label="Result types" current={type} tabs={TYPES.map((t) => ({ id: t.id, label: t.label, to: link(t.id), count: counts.data?.[t.id] }))} />
          {results.isPending && <Loading what="Searching" />}
          {results.error && <ErrorBox error={results.error} />}
          {results.data &&
            (type === 'ticket' ? (
              <TicketResults
                key={`${q}:${page}`}
                rows={rows.filter((r): r is TicketResult => r.result_type === 'ticket')}
                count={results.data.count}
                page={page}
                onPage={(p) => setParams({ q, type, ...(p > 1 ? { page: String(p) } : {}) })}
              />
            ) : (
              <>
                <OtherResults rows={rows} />
                <Pager page={page} perPage={PER_PAGE} count={results.data.count} onPage={(p) => setParams({ q, type, ...(p > 1 ? { page: String(p) } : {}) })} />
              </>
            ))}
        </>
      )}
    </>
  );
}
