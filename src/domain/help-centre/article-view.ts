import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { labelsOf, translationsOf, voteTotals, type ArticleRow, type TranslationRow } from '../../db/queries/help-centre.ts';

/** An article as the staff API shows it: its row, the translation shown, labels and vote totals. */
export interface ArticleView {
  article: ArticleRow;
  translation: TranslationRow;
  labels: string[];
  votes: { sum: number; count: number };
}

/**
 * Views of the articles in `locale` (each article's source locale when absent); an article
 * with no translation in that locale is left out. `only` picks the translation per article.
 */
export async function articleViews(db: Kysely<Database>, articles: ArticleRow[], locale?: string, only?: Map<number, number>): Promise<ArticleView[]> {
  const ids = articles.map((a) => a.id);
  const all = await translationsOf(db, 'article', ids);
  const labels = await labelsOf(db, ids);
  const votes = await voteTotals(db, ids);
  return articles.flatMap((a) => {
    const mine = all.filter((t) => t.source_id === a.id);
    const want = only?.get(a.id);
    const t = want !== undefined ? mine.find((x) => x.id === want) : mine.find((x) => x.locale === (locale ?? a.source_locale));
    return t ? [{ article: a, translation: t, labels: labels.get(a.id) ?? [], votes: votes.get(a.id) ?? { sum: 0, count: 0 } }] : [];
  });
}
