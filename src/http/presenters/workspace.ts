import type { FastifyRequest } from 'fastify';
import type { DraftRow } from '../../domain/drafts/read-draft.ts';
import type { MacroRow } from '../../domain/macros/read-macro.ts';
import type { ViewRow } from '../../domain/views/read-view.ts';
import type { Draft, Macro, View } from '../../shared/workspace-shapes.ts';
import { apiBase, bool, parseJson, ts } from './common.ts';

// Views, macros and drafts in Zendesk's shapes (drafts are Oubli's own).

/** Zendesk's column titles. */
export const COLUMN_TITLES: Record<string, string> = {
  id: 'ID',
  subject: 'Subject',
  requester: 'Requester',
  assignee: 'Assignee',
  group: 'Group',
  organization: 'Organization',
  status: 'Status',
  priority: 'Priority',
  type: 'Type',
  created: 'Requested',
  updated: 'Updated',
  via: 'Channel',
  tags: 'Tags',
};

const restriction = (ownerId: number | null) => (ownerId === null ? null : { type: 'User' as const, id: ownerId, ids: [ownerId] });

export function presentColumns(columns: string[]) {
  return columns.map((id) => ({ id, title: COLUMN_TITLES[id] ?? id }));
}

export function presentView(req: FastifyRequest, v: ViewRow): View {
  const execution = parseJson<{ columns: string[]; sort_by: string; sort_order: string }>(v.execution, { columns: [], sort_by: 'updated_at', sort_order: 'desc' });
  return {
    id: v.id,
    url: `${apiBase(req)}/views/${v.id}.json`,
    title: v.title,
    description: v.description,
    active: bool(v.active),
    position: v.position,
    default: bool(v.is_default),
    restriction: restriction(v.owner_id),
    conditions: parseJson(v.conditions, { all: [], any: [] }),
    execution: {
      columns: presentColumns(execution.columns),
      sort_by: execution.sort_by,
      sort_order: execution.sort_order,
      group_by: null,
      group_order: null,
    },
    created_at: ts(v.created_at),
    updated_at: ts(v.updated_at),
  };
}

export function presentMacro(req: FastifyRequest, m: MacroRow): Macro {
  return {
    id: m.id,
    url: `${apiBase(req)}/macros/${m.id}.json`,
    title: m.title,
    description: m.description,
    active: bool(m.active),
    position: m.position,
    default: false,
    restriction: restriction(m.owner_id),
    actions: parseJson(m.actions, []),
    created_at: ts(m.created_at),
    updated_at: ts(m.updated_at),
  };
}

export function presentDraft(req: FastifyRequest, d: DraftRow): Draft {
  return {
    url: `${apiBase(req)}/tickets/${d.ticket_id}/draft.json`,
    ticket_id: d.ticket_id,
    user_id: d.user_id,
    body: d.body,
    public: bool(d.public),
    status: d.status,
    fields: parseJson<Record<string, unknown>>(d.fields, {}),
    created_at: ts(d.created_at),
    updated_at: ts(d.updated_at),
  };
}
