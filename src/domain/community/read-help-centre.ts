import type { Ctx } from '../../context.ts';
import { publicArticleFiles, publicArticles, publicCategories, publicCategory, publicSections, searchPublicArticleIds } from '../../db/queries/hc-public.ts';
import { notFound } from '../../errors.ts';

// The knowledge base as the public help centre shows it: live, published articles only, in
// the reader's locale or else the article's source locale. (hc-kb's
// src/domain/help-centre/read-public.ts serves the same; these pages move to it once merged.)

export const readPublicCategories = (ctx: Ctx, locale: string) => publicCategories(ctx.db, locale);

export async function readPublicCategory(ctx: Ctx, id: number, locale: string) {
  const c = await publicCategory(ctx.db, id, locale);
  if (!c) throw notFound();
  return { category: c, sections: await publicSections(ctx.db, { categoryId: id }, locale) };
}

export async function readPublicSection(ctx: Ctx, id: number, locale: string) {
  const s = (await publicSections(ctx.db, { sectionId: id }, locale))[0];
  if (!s) throw notFound();
  return { section: s, articles: await publicArticles(ctx.db, { sectionId: id }, locale) };
}

export async function readPublicArticle(ctx: Ctx, id: number, locale: string) {
  const a = (await publicArticles(ctx.db, { articleId: id }, locale))[0];
  if (!a) throw notFound();
  return { article: a, files: await publicArticleFiles(ctx.db, id) };
}

/** Published articles holding every word of the query. */
export async function searchPublicArticles(ctx: Ctx, query: string, locale: string) {
  const words = query.split(/\s+/).filter(Boolean).slice(0, 10).map((w) => w.slice(0, 100));
  const ids = await searchPublicArticleIds(ctx.db, words);
  return publicArticles(ctx.db, { ids }, locale);
}
