import type { Ctx } from '../../context.ts';
import {
  getArticle,
  getCategory,
  getSection,
  listCategories,
  listSections,
  translationOf,
  translationsOf,
  type CategoryRow,
  type SectionRow,
  type TranslationRow,
} from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { canWriteArticles } from '../../shared/policy.ts';
import { authorize } from '../policy.ts';
import { normalLocale } from './locale.ts';

// The staff API's reads of categories, sections and translations (docs/help-centre.md).

export interface CategoryView {
  category: CategoryRow;
  translation: TranslationRow;
}

export interface SectionView {
  section: SectionRow;
  translation: TranslationRow;
}

async function withText<R extends { id: number; source_locale: string }>(ctx: Ctx, type: HcSourceType, rows: R[], locale?: string): Promise<{ row: R; translation: TranslationRow }[]> {
  const all = await translationsOf(ctx.db, type, rows.map((r) => r.id));
  const l = locale === undefined ? undefined : normalLocale(locale);
  return rows.flatMap((row) => {
    const t = all.find((x) => x.source_id === row.id && x.locale === (l ?? row.source_locale));
    return t ? [{ row, translation: t }] : [];
  });
}

/** Every category with its text in `locale` (its source locale when absent; left out when it has none there). */
export async function listCategoryViews(ctx: Ctx, input: { locale?: string }): Promise<CategoryView[]> {
  authorize(canWriteArticles(ctx.actor!));
  return (await withText(ctx, 'category', await listCategories(ctx.db), input.locale)).map((x) => ({ category: x.row, translation: x.translation }));
}

export async function readCategory(ctx: Ctx, input: { id: number; locale?: string }): Promise<CategoryView> {
  authorize(canWriteArticles(ctx.actor!));
  const c = await getCategory(ctx.db, input.id);
  if (!c) throw notFound();
  const [x] = await withText(ctx, 'category', [c], input.locale);
  if (!x) throw notFound();
  return { category: x.row, translation: x.translation };
}

/** Sections (of one category when given) with their text in `locale`. */
export async function listSectionViews(ctx: Ctx, input: { categoryId?: number; locale?: string }): Promise<SectionView[]> {
  authorize(canWriteArticles(ctx.actor!));
  if (input.categoryId !== undefined && !(await getCategory(ctx.db, input.categoryId))) throw notFound();
  return (await withText(ctx, 'section', await listSections(ctx.db, input.categoryId), input.locale)).map((x) => ({ section: x.row, translation: x.translation }));
}

export async function readSection(ctx: Ctx, input: { id: number; locale?: string }): Promise<SectionView> {
  authorize(canWriteArticles(ctx.actor!));
  const s = await getSection(ctx.db, input.id);
  if (!s) throw notFound();
  const [x] = await withText(ctx, 'section', [s], input.locale);
  if (!x) throw notFound();
  return { section: x.row, translation: x.translation };
}

async function ownerOf(ctx: Ctx, type: HcSourceType, id: number): Promise<{ source_locale: string } | undefined> {
  if (type === 'article') {
    const a = await getArticle(ctx.db, id);
    return a && a.archived_at === null ? a : undefined;
  }
  return type === 'category' ? getCategory(ctx.db, id) : getSection(ctx.db, id);
}

/** Every translation of an item, by locale. */
export async function listTranslations(ctx: Ctx, input: { type: HcSourceType; sourceId: number }): Promise<{ translations: TranslationRow[]; sourceLocale: string }> {
  authorize(canWriteArticles(ctx.actor!));
  const owner = await ownerOf(ctx, input.type, input.sourceId);
  if (!owner) throw notFound();
  return { translations: await translationsOf(ctx.db, input.type, [input.sourceId]), sourceLocale: owner.source_locale };
}

/** One translation of an item. */
export async function readTranslation(ctx: Ctx, input: { type: HcSourceType; sourceId: number; locale: string }): Promise<TranslationRow> {
  authorize(canWriteArticles(ctx.actor!));
  if (!(await ownerOf(ctx, input.type, input.sourceId))) throw notFound();
  const t = await translationOf(ctx.db, input.type, input.sourceId, normalLocale(input.locale));
  if (!t) throw notFound();
  return t;
}
