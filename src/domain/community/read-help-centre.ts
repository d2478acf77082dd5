import type { Ctx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import {
  articlesOfSection,
  listPublishedCategories,
  readPublishedArticle,
  readPublishedCategory,
  readPublishedSection,
  searchPublishedArticles,
  sectionsOf,
} from '../help-centre/read-public.ts';

// The knowledge base as the public pages show it, through hc-kb's published reads
// (src/domain/help-centre/read-public.ts): 404 for anything not published.

export const readPublicCategories = (ctx: Ctx, locale: string) => listPublishedCategories(ctx, { locale });

export async function readPublicCategory(ctx: Ctx, id: number, locale: string) {
  const category = await readPublishedCategory(ctx, { id, locale });
  if (!category) throw notFound();
  const sections = (await sectionsOf(ctx, { categoryId: id, locale })).filter((s) => s.parent_section_id === null);
  return { category, sections };
}

export async function readPublicSection(ctx: Ctx, id: number, locale: string) {
  const section = await readPublishedSection(ctx, { id, locale });
  if (!section) throw notFound();
  return { section, articles: await articlesOfSection(ctx, { sectionId: id, locale }) };
}

export async function readPublicArticle(ctx: Ctx, id: number, locale: string) {
  const article = await readPublishedArticle(ctx, { id, locale });
  if (!article) throw notFound();
  return article;
}

export const searchPublicArticles = (ctx: Ctx, query: string, locale: string) => searchPublishedArticles(ctx, { query, locale, limit: 50 });
