import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { communityTextOf, communityTextsInRange, maxCommunityId, setArticleCommentText, setPostCommentText, setPostText, type CommunityField, type CommunityText } from '../../db/queries/community-erasure.ts';
import { deleteArticleCommentRow, deletePostCommentTree, deletePostTree } from '../../db/queries/community.ts';
import { markApplied, type NewMatch } from '../../db/queries/erasure-requests.ts';
import { rejectedPlaces } from '../../db/queries/erasure-request-records.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';
import { htmlTextOf } from '../community/community-html.ts';
import { postText } from '../community/create-post.ts';
import type { RecordApply } from './apply-places.ts';
import { occurrences, snippetAt, termPattern } from './matching.ts';
import type { MatchKind } from './match-kinds.ts';
import { matchRow, passTerms, type PlanStep } from './plan-common.ts';
import { termVariants } from './terms.ts';

// The help centre's community in an erasure request (docs/help-centre-community.md): the
// request's terms in other people's posts, post comments and article comments (someone
// else's post naming her). The person's own posts and comments need no match: erasing her
// removes them with their files (the erasure map). One match per item and term; proposed:
// redact (▇) the term in it; the agent may choose to delete the post or the comment instead.
// Items are walked in id ranges, so every step is bounded. What is done is recorded on the
// request's matches (applied_action), as every erasure request's work is.

/** Ids per planning or verification step (of each of the three tables). */
const SPAN = 2000;


/** Places that may name the person: everyone's but her own. */
async function placesInRange(db: Kysely<Database>, userId: number, after: number, upTo: number): Promise<CommunityText[]> {
  return (await communityTextsInRange(db, after, upTo)).filter((p) => p.authorId !== userId);
}

/** One range of posts and comments: a match for each term found in each. */
export async function planCommunity(_ctx: Ctx, trx: Kysely<Database>, r: { id: number; user_id: number; plan_cursor: number }, now: string): Promise<PlanStep> {
  const terms = await passTerms(trx, r.id);
  const max = await maxCommunityId(trx);
  if (!terms.length || r.plan_cursor >= max) return { matches: [], cursor: null };
  const upTo = Math.min(r.plan_cursor + SPAN, max);
  const matches: NewMatch[] = [];
  for (const p of await placesInRange(trx, r.user_id, r.plan_cursor, upTo)) {
    for (const t of terms) {
      const hit = p.texts.map((text) => ({ text, found: occurrences(text, t.pattern) })).find((x) => x.found.length);
      if (!hit) continue;
      const where = { location: 'community' as const, source_id: p.id, field: p.field };
      matches.push({ ...matchRow(r, now, t.id, where, snippetAt(hit.text, hit.found[0]!)), proposed_action: 'redact_community', decision: 'pending' });
    }
  }
  return { matches, cursor: upTo >= max ? null : upTo };
}

/** The text with every occurrence of the pattern replaced by as many ▇. */
function redacted(text: string, pattern: RegExp): string {
  return text.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), (s) => '▇'.repeat(s.length));
}

/** Redacts the term in one item; false when it no longer holds it. */
async function redactItem(trx: Kysely<Database>, field: CommunityField, id: number, pattern: RegExp, now: string): Promise<boolean> {
  const row = (await communityTextOf(trx, field, id)) as { title?: string; details?: string; body?: string } | undefined;
  if (!row) return false;
  const texts = [row.title, row.details, row.body].filter((x): x is string => typeof x === 'string');
  if (!texts.some((x) => occurrences(x, pattern).length)) return false;
  if (field === 'post') {
    const title = redacted(row.title!, pattern);
    const details = htmlTextOf(redacted(row.details!, pattern));
    await setPostText(trx, id, { title, details: details.html, search_text: postText(title, details) }, now);
  } else if (field === 'post_comment') {
    const body = htmlTextOf(redacted(row.body!, pattern));
    await setPostCommentText(trx, id, { body: body.html, search_text: body.text }, now);
  } else await setArticleCommentText(trx, id, redacted(row.body!, pattern), now);
  return true;
}

/** Carries out confirmed community matches: deletes first (a post with its comments), then redactions. */
export async function applyCommunity(_ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  const ms = [...a.matches].sort((x, y) => Number(y.proposed_action !== 'redact_community') - Number(x.proposed_action !== 'redact_community'));
  for (const m of ms) {
    const field = m.field as CommunityField;
    if (m.proposed_action === 'redact_community') {
      const pattern = m.term_id !== null ? a.patterns.get(m.term_id) : undefined;
      const done = pattern ? await redactItem(trx, field, m.source_id, pattern, a.now) : false;
      await markApplied(trx, [m.id], done ? 'redact_community' : 'gone', a.now);
      continue;
    }
    const row = await communityTextOf(trx, field, m.source_id);
    if (!row) {
      await markApplied(trx, [m.id], 'gone', a.now);
      continue;
    }
    if (field === 'post') await deletePostTree(trx, m.source_id);
    else if (field === 'post_comment') await deletePostCommentTree(trx, m.source_id);
    else await deleteArticleCommentRow(trx, m.source_id);
    await markApplied(trx, [m.id], m.proposed_action, a.now);
  }
}

/** Hits of the terms left in the community (verification), items the agent rejected counted by `mode`. */
export const communityRemaining: NonNullable<MatchKind['remaining']> = async (db, _caps, s, terms, mode) => {
  const patterns = terms.flatMap((t) => termPattern(termVariants(t.kind as TermKind, t.value)) ?? []);
  if (!patterns.length) return 0;
  const rejected = mode === 'all' ? new Set<string>() : await rejectedPlaces(db, s.requestId, 'community');
  const max = await maxCommunityId(db);
  let hits = 0;
  for (let after = 0; after < max; after += SPAN) {
    for (const p of await placesInRange(db, s.userId, after, Math.min(after + SPAN, max))) {
      const inRejected = rejected.has(`${p.id}|${p.field}`);
      if ((mode === 'outside_rejected' && inRejected) || (mode === 'in_rejected' && !inRejected)) continue;
      for (const pattern of patterns) if (p.texts.some((x) => occurrences(x, pattern).length)) hits++;
    }
  }
  return hits;
};

