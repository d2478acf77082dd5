import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { articleTextsInRange, maxArticleId, type ArticleText } from '../../db/queries/help-centre.ts';
import { markApplied, type NewMatch } from '../../db/queries/erasure-requests.ts';
import { rejectedPlaces } from '../../db/queries/erasure-request-records.ts';
import type { MatchAction, TermKind } from '../../shared/erasure-requests.ts';
import { deleteArticleForeverInTransaction } from '../help-centre/delete-article-forever.ts';
import { redactArticlePatternInTransaction } from '../help-centre/redact-article.ts';
import { htmlUrls, urlForms } from '../redaction/html-attributes.ts';
import type { RecordApply } from './apply-places.ts';
import { occurrences, snippetAt, termPattern } from './matching.ts';
import type { MatchKind } from './match-kinds.ts';
import { matchRow, passTerms, type PlanStep } from './plan-common.ts';
import { termVariants } from './terms.ts';

// Knowledge base articles in an erasure request (docs/help-centre.md, "Erasing a person"):
// the request's terms in every translation of every article and in every revision of each
// (the text a save replaced), in titles, body text and the URLs of links and images. One
// match per article, term and field (`translation`: current text; `revision`: only an old
// text holds it). Proposed: delete the article forever when it is archived or a current
// title names the person (an article about them), else redact (▇) the term in every
// translation and revision. Articles are walked in id ranges, so every step is bounded.

/** Article ids per planning or verification step. */
const SPAN = 200;

type Field = 'translation' | 'revision';

interface ArticlePlace {
  articleId: number;
  field: Field;
  archived: boolean;
  /** Current titles (for the proposal). */
  titles: string[];
  texts: string[];
}

/** What a text offers to matching: its title, its indexed text and its links' and images' URLs as written and decoded. */
function searchable(x: ArticleText): string[] {
  return [x.title, x.search_text, ...htmlUrls(x.body).flatMap(urlForms)];
}

async function placesInRange(db: Kysely<Database>, after: number, upTo: number): Promise<ArticlePlace[]> {
  const texts = await articleTextsInRange(db, after, upTo);
  const places = new Map<string, ArticlePlace>();
  for (const x of texts) {
    const key = `${x.article_id}|${x.field}`;
    const p = places.get(key) ?? { articleId: x.article_id, field: x.field, archived: x.archived, titles: [], texts: [] };
    p.texts.push(...searchable(x));
    if (x.field === 'translation') p.titles.push(x.title);
    places.set(key, p);
  }
  // Current titles are the translations'; a revision place learns them too.
  for (const p of places.values()) if (p.field === 'revision') p.titles = places.get(`${p.articleId}|translation`)?.titles ?? [];
  return [...places.values()];
}

/** One range of articles: a match per term found in an article's current text or in its revisions. */
export async function planArticles(_ctx: Ctx, trx: Kysely<Database>, r: { id: number; plan_cursor: number }, now: string): Promise<PlanStep> {
  const terms = await passTerms(trx, r.id);
  const max = await maxArticleId(trx);
  if (!terms.length || r.plan_cursor >= max) return { matches: [], cursor: null };
  const upTo = Math.min(r.plan_cursor + SPAN, max);
  const matches: NewMatch[] = [];
  for (const p of await placesInRange(trx, r.plan_cursor, upTo)) {
    for (const t of terms) {
      const hit = p.texts.map((text) => ({ text, found: occurrences(text, t.pattern) })).find((x) => x.found.length);
      if (!hit) continue;
      const aboutThem = p.archived || p.titles.some((x) => occurrences(x, t.pattern).length > 0);
      const proposed: MatchAction = aboutThem ? 'delete_article' : 'redact_article';
      matches.push({ ...matchRow(r, now, t.id, { location: 'article', source_id: p.articleId, field: p.field }, snippetAt(hit.text, hit.found[0]!)), proposed_action: proposed, decision: 'pending' });
    }
  }
  return { matches, cursor: upTo >= max ? null : upTo };
}

/** Carries out confirmed article matches: an article with any `delete_article` goes forever; else each term is redacted in all its texts. */
export async function applyArticles(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  const byArticle = new Map<number, typeof a.matches>();
  for (const m of a.matches) byArticle.set(m.source_id, [...(byArticle.get(m.source_id) ?? []), m]);
  const t = trx as Transaction<Database>;
  for (const [articleId, ms] of byArticle) {
    if (ms.some((m) => m.proposed_action === 'delete_article')) {
      const gone = await deleteArticleForeverInTransaction(ctx, t, { id: articleId, erasureRequestId: a.r.id });
      await markApplied(trx, ms.map((m) => m.id), gone ? 'delete_article' : 'gone', a.now);
      continue;
    }
    for (const m of ms) {
      const pattern = m.term_id !== null ? a.patterns.get(m.term_id) : undefined;
      const r = pattern ? await redactArticlePatternInTransaction(ctx, t, { id: articleId, pattern, checkLeft: true, requireMatch: false, erasureRequestId: a.r.id }) : null;
      await markApplied(trx, [m.id], r && r.occurrences ? 'redact_article' : 'gone', a.now);
    }
  }
}

/** Hits of the terms left in articles (verification), articles the agent rejected counted by `mode`. */
export const articlesRemaining: NonNullable<MatchKind['remaining']> = async (db, _caps, s, terms, mode) => {
  const patterns = terms.flatMap((t) => termPattern(termVariants(t.kind as TermKind, t.value)) ?? []);
  if (!patterns.length) return 0;
  const rejected = mode === 'all' ? new Set<string>() : await rejectedPlaces(db, s.requestId, 'article');
  const max = await maxArticleId(db);
  let hits = 0;
  for (let after = 0; after < max; after += SPAN) {
    for (const p of await placesInRange(db, after, Math.min(after + SPAN, max))) {
      const inRejected = rejected.has(`${p.articleId}|${p.field}`);
      if ((mode === 'outside_rejected' && inRejected) || (mode === 'in_rejected' && !inRejected)) continue;
      for (const pattern of patterns) if (p.texts.some((x) => occurrences(x, pattern).length)) hits++;
    }
  }
  return hits;
};
