import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The agent workspace (docs/views.md): saved views (a queue's conditions and columns),
// macros (canned replies that also set fields) and drafts (an agent's unsent reply to a
// ticket, kept on the server). A view or macro with an owner is that agent's personal one;
// without, it is shared by all staff. Views and macros hold rules written by staff (ids,
// statuses, tags, a template), not a person's data; drafts hold a reply's text and go with
// the ticket, with the agent, and after 30 days untouched (the sweep).
//
// The built-in views are rows seeded here (is_default = 1), so that every view has an id a
// client can execute, count and reorder; admins may edit or deactivate them, not delete them.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const SEEDED_AT = '2026-12-01T00:00:00.000Z';
const unsolved = { field: 'status', operator: 'less_than', value: 'solved' };
const columns = ['subject', 'requester', 'status', 'priority', 'assignee', 'updated'];

/** The built-in views, in the order the web app shows them. */
export const DEFAULT_VIEWS = [
  { title: 'Your unsolved tickets', all: [unsolved, { field: 'assignee_id', operator: 'is', value: 'current_user' }] },
  { title: 'Unassigned tickets', all: [unsolved, { field: 'assignee_id', operator: 'is', value: null }] },
  { title: 'All unsolved tickets', all: [unsolved] },
  { title: 'New and open tickets', all: [{ field: 'status', operator: 'less_than', value: 'pending' }] },
  { title: 'Pending tickets', all: [{ field: 'status', operator: 'is', value: 'pending' }] },
  { title: 'On-hold tickets', all: [{ field: 'status', operator: 'is', value: 'hold' }] },
  { title: 'Solved tickets', all: [{ field: 'status', operator: 'is', value: 'solved' }] },
  { title: 'Closed tickets', all: [{ field: 'status', operator: 'is', value: 'closed' }] },
];

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await withId(db.schema.createTable('views'), caps)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    // Null: shared with all staff. Otherwise the agent whose personal view it is.
    .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
    // JSON {all: [...], any: [...]} of {field, operator, value}.
    .addColumn('conditions', 'text', (c) => c.notNull())
    // JSON {columns: [...], sort_by, sort_order}.
    .addColumn('execution', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('views_owner').on('views').columns(['owner_id', 'position']).execute();

  await withId(db.schema.createTable('macros'), caps)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
    // JSON array of {field, value}.
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macros_owner').on('macros').columns(['owner_id', 'position']).execute();

  await withId(db.schema.createTable('ticket_drafts'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('status', 'text')
    // JSON object: the field changes the agent chose, sent with the reply.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_drafts_ticket_user').on('ticket_drafts').columns(['ticket_id', 'user_id']).unique().execute();
  await db.schema.createIndex('ticket_drafts_user').on('ticket_drafts').columns(['user_id']).execute();
  await db.schema.createIndex('ticket_drafts_updated').on('ticket_drafts').columns(['updated_at', 'id']).execute();

  const execution = JSON.stringify({ columns, sort_by: 'updated_at', sort_order: 'desc' });
  await db
    .insertInto('views')
    .values(
      DEFAULT_VIEWS.map((v, i) => ({
        title: v.title,
        description: null,
        active: 1,
        position: i + 1,
        is_default: 1,
        owner_id: null,
        conditions: JSON.stringify({ all: v.all, any: [] }),
        execution,
        created_by_id: null,
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
      })),
    )
    .execute();
}
