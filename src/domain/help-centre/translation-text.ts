import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTranslation, insertRevision, insertTranslation, translationOf, updateTranslationRow, type TranslationRow } from '../../db/queries/help-centre.ts';
import { actingUserId } from '../auth/actor.ts';
import { invalidField } from '../../errors.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { sanitizeArticleHtml, searchTextOf } from './article-html.ts';

// Writing a translation's text, inside the caller's transaction (docs/help-centre.md,
// "Translations and revisions"). Every save that changes the title or the body first
// copies the text it replaces into hc_revisions; a save that changes nothing makes none.
// Article bodies are HTML, sanitized here; category and section descriptions are plain text.

export interface TranslationText {
  title?: string;
  body?: string;
  draft?: boolean;
  outdated?: boolean;
}

const MAX_TITLE = 255;

function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t === '') throw invalidField('title', 'Title: cannot be blank.');
  if (t.length > MAX_TITLE) throw invalidField('title', `Title: is too long (at most ${MAX_TITLE} characters).`);
  return t;
}

function cleanBody(type: HcSourceType, body: string): string {
  return type === 'article' ? sanitizeArticleHtml(body) : body.replace(/\r\n?/g, '\n');
}

/** Creates the translation; refuses a locale the item already has. */
export async function createTranslationText(
  ctx: Ctx,
  trx: Kysely<Database>,
  input: { type: HcSourceType; sourceId: number; locale: string } & TranslationText,
): Promise<TranslationRow> {
  if (await translationOf(trx, input.type, input.sourceId, input.locale)) {
    throw invalidField('locale', `Locale: a translation in ${input.locale} already exists.`);
  }
  if (input.title === undefined) throw invalidField('title', 'Title: cannot be blank.');
  const title = cleanTitle(input.title);
  const body = cleanBody(input.type, input.body ?? '');
  const now = ctx.now().toISOString();
  const by = actingUserId(ctx.actor);
  const id = await insertTranslation(trx, {
    source_type: input.type,
    source_id: input.sourceId,
    locale: input.locale,
    title,
    body,
    search_text: searchTextOf(title, body, input.type === 'article'),
    draft: input.draft ? 1 : 0,
    outdated: input.outdated ? 1 : 0,
    created_by_id: by,
    updated_by_id: by,
    created_at: now,
    updated_at: now,
  });
  return (await getTranslation(trx, id))!;
}

/** Saves new text and flags into the translation; the replaced text becomes a revision. True when anything changed. */
export async function saveTranslationText(ctx: Ctx, trx: Kysely<Database>, current: TranslationRow, input: TranslationText): Promise<{ changed: boolean; revision: boolean }> {
  const title = input.title === undefined ? current.title : cleanTitle(input.title);
  const body = input.body === undefined ? current.body : cleanBody(current.source_type, input.body);
  const draft = input.draft === undefined ? current.draft : input.draft ? 1 : 0;
  const outdated = input.outdated === undefined ? current.outdated : input.outdated ? 1 : 0;
  const textChanged = title !== current.title || body !== current.body;
  if (!textChanged && draft === current.draft && outdated === current.outdated) return { changed: false, revision: false };
  const now = ctx.now().toISOString();
  if (textChanged) {
    await insertRevision(trx, {
      translation_id: current.id,
      title: current.title,
      body: current.body,
      search_text: current.search_text,
      author_id: current.updated_by_id,
      created_at: current.updated_at,
    });
  }
  await updateTranslationRow(trx, current.id, {
    title,
    body,
    ...(textChanged ? { search_text: searchTextOf(title, body, current.source_type === 'article') } : {}),
    draft,
    outdated,
    updated_by_id: actingUserId(ctx.actor),
    updated_at: now,
  });
  return { changed: true, revision: textChanged };
}
