import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { getVisitor, insertVisitor, type VisitorRow } from '../../db/queries/chat-records.ts';
import type { VisitorUpdate } from '../../shared/chats.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { fieldsOf, linkFor } from './visitor-link.ts';

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
