import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getVisitor, insertVisitor, touchChatsOfVisitor, updateVisitorRow, type VisitorRow } from '../../db/queries/chat-records.ts';
import { findLiveUserByEmail, getUser } from '../../db/queries/users.ts';
import { invalidField, notFound } from '../../errors.ts';
import type { VisitorUpdate } from '../../shared/chats.ts';
import { emailKey } from '../contacts/identity-values.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';

// Visitors are not users (docs/chat.md): GET/PUT /chat/visitors/{id}, POST /chat/visitors.
// An agent links a visitor to a contact with `user_id`, or by an `email` that is a live
// contact's (when no user_id is given). Only an end user can be linked: staff are not
// visitors of their own site. `user_id: null` unlinks.

/** One visitor; 404 when there is none. */
export async function readVisitor(ctx: Ctx, input: { visitorId: number }): Promise<VisitorRow> {
  authorize(canWorkTickets(ctx.actor!));
  const v = await getVisitor(ctx.db, input.visitorId);
  if (!v) throw notFound();
  return v;
}

async function linkFor(db: Kysely<Database>, u: VisitorUpdate): Promise<{ user_id?: number | null }> {
  if (u.user_id !== undefined) {
    if (u.user_id === null) return { user_id: null };
    const user = await getUser(db, u.user_id);
    if (!user || user.deleted_at !== null || user.erased_at !== null) throw invalidField('user_id', 'user_id: no such contact (a deleted or erased one cannot be linked).');
    if (user.role !== 'end-user') throw invalidField('user_id', 'user_id: only a contact (an end user) can be linked to a visitor.');
    return { user_id: user.id };
  }
  const key = u.email ? emailKey(u.email) : null;
  if (!key) return {};
  const user = await findLiveUserByEmail(db, key);
  return user && user.role === 'end-user' ? { user_id: user.id } : {};
}

function fieldsOf(u: VisitorUpdate) {
  const { user_id: _skip, ...rest } = u;
  return { ...rest, ...(rest.email === '' ? { email: null } : {}) };
}

/** Changes a visitor's fields or link (PUT /chat/visitors/{id}, staff). */
export async function updateVisitor(ctx: Ctx, input: { visitorId: number; update: VisitorUpdate }): Promise<VisitorRow> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const v = await getVisitor(trx, input.visitorId);
    if (!v) throw notFound();
    const now = ctx.now().toISOString();
    const link = await linkFor(trx, input.update);
    await updateVisitorRow(trx, v.id, { ...fieldsOf(input.update), ...link, updated_at: now });
    await touchChatsOfVisitor(trx, v.id, now);
    await recordEvent(ctx, trx, {
      action: 'visitor.updated',
      subjectType: 'visitor',
      subjectId: v.id,
      details: { visitor_id: v.id, fields: Object.keys(input.update), user_id: link.user_id !== undefined ? link.user_id : v.user_id },
    });
    return (await getVisitor(trx, v.id))!;
  });
}

/** Creates a visitor profile (POST /chat/visitors, staff): for an integration that syncs visitors before their chats. */
export async function createVisitor(ctx: Ctx, input: { visitor: VisitorUpdate }): Promise<VisitorRow> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const link = await linkFor(trx, input.visitor);
    const f = fieldsOf(input.visitor);
    const id = await insertVisitor(trx, {
      user_id: link.user_id ?? null,
      name: f.name ?? null,
      email: f.email ?? null,
      phone: f.phone ?? null,
      notes: f.notes ?? null,
      // No browser holds this visitor's secret: a random one nobody knows.
      token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      created_at: now,
      updated_at: now,
      last_seen_at: now,
    });
    await recordEvent(ctx, trx, { action: 'visitor.created', subjectType: 'visitor', subjectId: id, details: { visitor_id: id, user_id: link.user_id ?? null } });
    return (await getVisitor(trx, id))!;
  });
}
