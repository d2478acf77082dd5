import type { Ctx } from '../../context.ts';
import { countVotes, findVote, getVote, listVoteRows, voteTotals, type VoteRow } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import type { HcVoteItem } from '../../shared/help-centre.ts';
import type { PageSource } from '../page-source.ts';
import { assertVotable, type VoteTarget } from './vote-items.ts';

/** The votes on an item, as pages. */
export async function listVotes(ctx: Ctx, t: VoteTarget): Promise<PageSource<VoteRow>> {
  await assertVotable(ctx.db, t);
  return { fetch: (p) => listVoteRows(ctx.db, t.itemType, t.itemId, p), count: () => countVotes(ctx.db, t.itemType, t.itemId) };
}

/** One vote; 404 when there is none. */
export async function readVote(ctx: Ctx, input: { voteId: number }): Promise<VoteRow> {
  const v = await getVote(ctx.db, input.voteId);
  if (!v) throw notFound();
  return v;
}

/** vote_sum and vote_count per item (0 and 0 for items without votes). */
export async function readVoteTotals(ctx: Ctx, itemType: HcVoteItem, ids: number[]): Promise<(id: number) => { vote_sum: number; vote_count: number }> {
  const m = await voteTotals(ctx.db, itemType, ids);
  return (id) => ({ vote_sum: m.get(id)?.sum ?? 0, vote_count: m.get(id)?.count ?? 0 });
}

/** The caller's own vote on an item, if any (the public pages mark the button). */
export async function myVote(ctx: Ctx, itemType: HcVoteItem, itemId: number): Promise<VoteRow | null> {
  if (!ctx.actor) return null;
  return (await findVote(ctx.db, itemType, itemId, ctx.actor.id)) ?? null;
}
