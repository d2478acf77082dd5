import type { Ctx } from '../../context.ts';
import { pendingTokenNotifications, tokenIdsOfUser } from '../../db/queries/recipients.ts';
import { authorize, canWorkTickets } from '../policy.ts';

export interface ErasureNotificationRow {
  id: number;
  user_id: number;
  api_token_id: number | null;
  notified_at: string | null;
}

/**
 * Erasures an API-token consumer was told of and has not acknowledged, ascending by id:
 * the caller's own tokens', or every token's for an admin. Ids only.
 */
export async function listErasureNotifications(ctx: Ctx, input: { afterId?: number; limit: number }): Promise<ErasureNotificationRow[]> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const tokens = actor.role === 'admin' ? null : await tokenIdsOfUser(ctx.db, actor.id);
  return pendingTokenNotifications(ctx.db, tokens, { limit: input.limit, afterId: input.afterId });
}
