import type { Ctx } from '../../context.ts';
import { findVote, insertVote, lockVoteItem, updateVoteRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { participant } from './community-rules.ts';
import { assertVotable, type VoteTarget } from './vote-items.ts';

/**
 * Votes an item up or down (anyone signed in). One vote per person and item: voting again
 * changes it. Returns the vote's id.
 */
export async function castVote(ctx: Ctx, input: VoteTarget & { value: 1 | -1 }): Promise<number> {
  const actor = participant(ctx);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    await assertVotable(trx, input);
    if (!(await lockVoteItem(trx, input.itemType, input.itemId, ctx.caps.rowLocks))) throw notFound();
    const mine = await findVote(trx, input.itemType, input.itemId, actor.id);
    let id: number;
    if (mine) {
      id = mine.id;
      if (mine.value !== input.value) await updateVoteRow(trx, id, input.value, now);
    } else {
      id = await insertVote(trx, { item_type: input.itemType, item_id: input.itemId, user_id: actor.id, value: input.value, created_at: now, updated_at: now });
    }
    await recordEvent(ctx, trx, { action: 'vote.cast', subjectType: 'vote', subjectId: id, details: { item_type: input.itemType, item_id: input.itemId, value: input.value } });
    return id;
  });
}
