import type { Ctx } from '../../context.ts';
import { deleteVoteRow, getVote } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { participant } from './community-rules.ts';

/** Withdraws a vote (the voter, or an admin). A vote whose voter was erased is the admins' to remove. */
export async function withdrawVote(ctx: Ctx, input: { voteId: number }): Promise<void> {
  const actor = participant(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const v = await getVote(trx, input.voteId);
    if (!v) throw notFound();
    authorize(canChangeHelpCentreItem(actor, v.user_id ?? -1));
    await deleteVoteRow(trx, v.id);
    await recordEvent(ctx, trx, { action: 'vote.withdrawn', subjectType: 'vote', subjectId: v.id, details: { item_type: v.item_type, item_id: v.item_id } });
  });
}
