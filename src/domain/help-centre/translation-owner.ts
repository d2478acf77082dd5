import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getArticleForUpdate, getCategory, getSection, updateArticleRow, updateCategoryRow, updateSectionRow } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre, canWriteArticles } from '../../shared/policy.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { authorize } from '../policy.ts';

// What a translation belongs to, for the translation actions: who may write it (articles:
// staff; categories and sections: admins), its source locale, and touching it after a save
// so incremental exports pick it up. An archived article's translations cannot change until
// it is restored (404, as the article itself is to the live API).

export interface TranslationOwner {
  type: HcSourceType;
  id: number;
  sourceLocale: string;
}

export function authorizeTranslationWrite(ctx: Ctx, type: HcSourceType): void {
  authorize(type === 'article' ? canWriteArticles(ctx.actor!) : canManageHelpCentre(ctx.actor!));
}

export async function translationOwner(ctx: Ctx, trx: Transaction<Database>, type: HcSourceType, id: number): Promise<TranslationOwner> {
  if (type === 'article') {
    const a = await getArticleForUpdate(trx, id, ctx.caps.rowLocks);
    if (!a || a.archived_at !== null) throw notFound();
    return { type, id, sourceLocale: a.source_locale };
  }
  const row = type === 'category' ? await getCategory(trx, id) : await getSection(trx, id);
  if (!row) throw notFound();
  return { type, id, sourceLocale: row.source_locale };
}

/** The owner's updated_at (and an article's edited_at when its text changed). */
export async function touchOwner(ctx: Ctx, trx: Kysely<Database>, owner: TranslationOwner, textChanged: boolean): Promise<void> {
  const now = ctx.now().toISOString();
  if (owner.type === 'article') await updateArticleRow(trx, owner.id, { updated_at: now, ...(textChanged ? { edited_at: now } : {}) });
  else if (owner.type === 'category') await updateCategoryRow(trx, owner.id, { updated_at: now });
  else await updateSectionRow(trx, owner.id, { updated_at: now });
}
