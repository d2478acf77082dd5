import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useGroups } from '../../lib/views.ts';
import type { Organization } from '../../../../src/shared/organizations.ts';
import type { View, ViewExecute } from '../../../../src/shared/workspace-shapes.ts';
import { Clip, StatusBadge, When } from '../../components/Misc.tsx';
import type { Column } from '../../components/SelectableTable.tsx';

// The table columns of a view (docs/views.md, "Columns"): each of the view's own, with the
// sort key its header sorts by. Names come with the page (`users`), groups and
// organizations are looked up once.

/** A row of the view's page and its place in the whole list (for next/previous on the ticket). */
export interface PlacedRow {
  id: number;
  at: number;
  row: ViewExecute['rows'][number];
}

/** Columns whose header sorts, by the views API's key; tags and channel do not. */
const SORT_KEY: Record<string, string> = {
  id: 'id',
  subject: 'subject',
  requester: 'requester',
  assignee: 'assignee',
  group: 'group',
  organization: 'organization',
  status: 'status',
  priority: 'priority',
  type: 'type',
  created: 'created',
  updated: 'updated',
};

/** Shown on narrow screens too: the queue's working columns. */
const PRIMARY = new Set(['id', 'subject', 'status', 'priority', 'assignee']);

function useOrganizations(ids: number[]) {
  const wanted = [...new Set(ids)].sort((a, b) => a - b).slice(0, 100);
  const q = useQuery({
    queryKey: ['organizations', 'many', wanted],
    queryFn: () => api<{ organizations: Organization[] }>('GET', `/organizations/show_many?ids=${wanted.join(',')}`),
    enabled: wanted.length > 0,
    staleTime: 60_000,
  });
  return new Map((q.data?.organizations ?? []).map((o) => [o.id, o.name]));
}

export function useViewColumns(view: View, data: ViewExecute | undefined, linkOf: (r: PlacedRow) => string): Column<PlacedRow>[] {
  const groups = new Map(useGroups().map((g) => [g.id, g.name]));
  const organizations = useOrganizations((data?.rows ?? []).flatMap((r) => (r.ticket.organization_id ? [r.ticket.organization_id] : [])));
  const people = new Map((data?.users ?? []).map((u) => [u.id, u.name]));
  const person = (id: number | null) => (id ? (people.get(id) ?? `User #${id}`) : null);

  const render: Record<string, (r: PlacedRow) => ReactNode> = {
    id: (r) => `#${r.id}`,
    subject: (r) => (
      <Link to={linkOf(r)}>
        <Clip text={r.row.ticket.subject} fallback="(no subject)" />
      </Link>
    ),
    requester: (r) => (
      <Link to={`/contacts/${r.row.ticket.requester_id}`}>
        <Clip text={person(r.row.ticket.requester_id)} />
      </Link>
    ),
    assignee: (r) => <Clip text={person(r.row.ticket.assignee_id)} fallback="Unassigned" />,
    group: (r) => <Clip text={r.row.ticket.group_id ? (groups.get(r.row.ticket.group_id) ?? `Group #${r.row.ticket.group_id}`) : null} fallback="—" />,
    organization: (r) => <Clip text={r.row.ticket.organization_id ? (organizations.get(r.row.ticket.organization_id) ?? `#${r.row.ticket.organization_id}`) : null} fallback="—" />,
    status: (r) => <StatusBadge status={r.row.ticket.status} />,
    priority: (r) => (r.row.ticket.priority ? <span className={`prio prio--${r.row.ticket.priority}`}>{r.row.ticket.priority}</span> : <span className="muted">—</span>),
    type: (r) => r.row.ticket.type ?? <span className="muted">—</span>,
    created: (r) => <When at={r.row.ticket.created_at} />,
    updated: (r) => <When at={r.row.ticket.updated_at} />,
    via: (r) => r.row.ticket.via.channel,
    tags: (r) => (
      <span className="chips">
        {r.row.ticket.tags.map((t) => (
          <span key={t} className="chip">
            {t}
          </span>
        ))}
      </span>
    ),
  };

  // The subject links to the ticket: a view without it gets it, after the id.
  const ids = view.execution.columns.map((c) => c.id);
  if (!ids.includes('subject')) ids.splice(ids[0] === 'id' ? 1 : 0, 0, 'subject');
  const titles = new Map(view.execution.columns.map((c) => [c.id, c.title]));
  return ids
    .filter((id) => render[id])
    .map((id) => ({
      key: id,
      header: titles.get(id) ?? id[0]!.toUpperCase() + id.slice(1),
      render: render[id]!,
      sortKey: SORT_KEY[id],
      secondary: !PRIMARY.has(id),
      className: id === 'subject' ? 'grow' : id === 'id' ? 'num' : undefined,
    }));
}
