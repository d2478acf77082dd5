import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getArticleForUpdate, revisionsOf, translationsOf, updateArticleRow, updateRevisionRow, updateTranslationRow } from '../../db/queries/help-centre.ts';
import { invalidField, notFound } from '../../errors.ts';
import { canRedactArticles } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { htmlUrls, urlForms } from '../redaction/html-attributes.ts';
import { countMatches, redactHtml, redactionPattern, redactPlain, REDACTED, visibleText } from '../redaction/text-match.ts';
import { sanitizeArticleHtmlWithout, searchTextOf } from './article-html.ts';

// A string redaction on an article (PUT /help_center/articles/{id}/redact): the string is
// replaced by ▇ (src/domain/redaction's mark, one per character) in the title and body of
// every translation and of every revision, and their indexed text is written again from
// them. A link or image whose URL holds the string loses its URL (as in ticket comments,
// docs/redaction.md). Archived articles can be redacted too. Nothing is reported done while
// a copy still holds the string: the transaction is rolled back instead.

const MAX_TEXT = 1000;

function holds(url: string, pattern: RegExp): boolean {
  return urlForms(url).some((f) => {
    pattern.lastIndex = 0;
    return pattern.test(f);
  });
}

/** Title and body with the pattern redacted; `occurrences` counts matches (a URL holding it counts one). */
export function redactArticleText(title: string, body: string, pattern: RegExp): { title: string; body: string; occurrences: number } {
  const t = redactPlain(title, pattern);
  const dropped = htmlUrls(body).filter((u) => holds(u, pattern)).length;
  const withoutUrls = dropped ? sanitizeArticleHtmlWithout(body, (u) => holds(u, pattern)) : body;
  const b = redactHtml(withoutUrls, pattern);
  return { title: t.text, body: b.html, occurrences: t.occurrences + dropped + b.occurrences };
}

export interface ArticleRedaction {
  occurrences: number;
  translations: number;
  revisions: number;
}

/** Checks the text to redact and makes its pattern. */
function patternOf(raw: string): { text: string; pattern: RegExp } {
  const text = raw.trim();
  if (text === '' || text.replaceAll(REDACTED, '').trim() === '') throw invalidField('text', 'Text: give the text to redact.');
  if (text.length > MAX_TEXT) throw invalidField('text', `Text: at most ${MAX_TEXT} characters can be redacted at once.`);
  return { text, pattern: redactionPattern([text])! };
}

/**
 * The redaction of a pattern inside the caller's transaction (the erasure request's job
 * passes its term's pattern, with `requireMatch` off). `checkLeft` reads every copy again
 * and throws, rolling back, when one still matches.
 */
export async function redactArticlePatternInTransaction(
  ctx: Ctx,
  trx: Transaction<Database>,
  input: { id: number; pattern: RegExp; checkLeft: boolean; requireMatch: boolean; erasureRequestId?: number },
): Promise<ArticleRedaction | null> {
  authorize(canRedactArticles(ctx.actor!));
  const pattern = input.pattern;
  const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
  if (!a) {
    if (input.requireMatch) throw notFound();
    return null;
  }
  const out: ArticleRedaction = { occurrences: 0, translations: 0, revisions: 0 };
  const translations = await translationsOf(trx, 'article', [a.id]);
  for (const t of translations) {
    const r = redactArticleText(t.title, t.body, pattern);
    if (!r.occurrences && !countMatches(t.search_text, pattern)) continue;
    await updateTranslationRow(trx, t.id, { title: r.title, body: r.body, search_text: searchTextOf(r.title, r.body, true) });
    out.occurrences += r.occurrences;
    out.translations++;
  }
  for (const v of await revisionsOf(trx, translations.map((t) => t.id))) {
    const r = redactArticleText(v.title, v.body, pattern);
    if (!r.occurrences && !countMatches(v.search_text, pattern)) continue;
    await updateRevisionRow(trx, v.id, { title: r.title, body: r.body, search_text: searchTextOf(r.title, r.body, true) });
    out.occurrences += r.occurrences;
    out.revisions++;
  }
  if (!out.translations && !out.revisions) {
    if (input.requireMatch) throw invalidField('text', 'Text: the text was not found in this article, its translations or their revisions (nothing was changed).');
    return out;
  }
  // Never report a redaction as done while a copy still holds the string.
  if (input.checkLeft) {
    const after = await translationsOf(trx, 'article', [a.id]);
    const revs = await revisionsOf(trx, after.map((t) => t.id));
    for (const x of [...after, ...revs]) {
      if (countMatches(x.title, pattern) + countMatches(visibleText(x.body), pattern) + htmlUrls(x.body).filter((u) => holds(u, pattern)).length + countMatches(x.search_text, pattern) > 0) {
        throw new Error('article redaction left a match behind');
      }
    }
  }
  await updateArticleRow(trx, a.id, { updated_at: ctx.now().toISOString() });
  await recordEvent(ctx, trx, {
    action: 'hc_article.redacted',
    subjectType: 'hc_article',
    subjectId: a.id,
    details: { article_id: a.id, ...out, ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}) },
  });
  return out;
}

/** Redacts a string in every translation and revision of an article, then checkpoints. */
export async function redactArticle(ctx: Ctx, input: { id: number; text: string }): Promise<ArticleRedaction> {
  authorize(canRedactArticles(ctx.actor!));
  const { text, pattern } = patternOf(input.text);
  // When the string itself holds ▇, the ▇ just written can complete a new match: only then is the re-read skipped.
  const r = await ctx.db.transaction().execute((trx) => redactArticlePatternInTransaction(ctx, trx, { id: input.id, pattern, checkLeft: !text.includes(REDACTED), requireMatch: true }));
  await ctx.checkpoint?.();
  return r!;
}
