import type { Ctx } from '../../context.ts';
import { acknowledgeRecipient, getRecipient, tokenIdsOfUser } from '../../db/queries/recipients.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';

/**
 * Acknowledges one erasure notification to an API-token consumer: the holder of the token
 * (or an admin) says the copy it pulled has been deleted. 404 for an unknown one or someone
 * else's; acknowledging twice is harmless.
 */
export async function acknowledgeErasureNotification(ctx: Ctx, input: { notificationId: number }): Promise<{ id: number; acknowledged_at: string }> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  return ctx.db.transaction().execute(async (trx) => {
    const r = await getRecipient(trx, input.notificationId);
    if (!r || r.kind !== 'incremental_export' || !r.notified_at) throw notFound();
    if (actor.role !== 'admin' && (r.api_token_id === null || !(await tokenIdsOfUser(trx, actor.id)).includes(r.api_token_id))) throw notFound();
    if (r.acknowledged_at) return { id: r.id, acknowledged_at: r.acknowledged_at };
    const at = ctx.now().toISOString();
    if (!(await acknowledgeRecipient(trx, r.id, at))) throw new AppError('conflict', 'This notification changed meanwhile; read it again.');
    await recordEvent(ctx, trx, { action: 'erasure_notification.acknowledged', subjectType: 'user', subjectId: r.user_id, details: { notification_id: r.id, api_token_id: r.api_token_id } });
    return { id: r.id, acknowledged_at: at };
  });
}
