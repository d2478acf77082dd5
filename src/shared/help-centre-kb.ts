import { z } from 'zod';

// The bodies the knowledge base's API accepts (docs/help-centre.md, "API"), in Zendesk's
// field names; shared with the web app. Unknown fields are ignored, as Zendesk's clients
// send many (user_segment_id, permission_group_id, notify_subscribers…); fields a client
// may believe it can change here but cannot (an article's title on PUT /articles/{id}) are
// refused with a pointer to the right endpoint.

/** Bodies are HTML; a body longer than this is refused. */
export const MAX_ARTICLE_BODY = 1_000_000;

const id = z.number({ error: 'must be an id' }).int('must be an id').positive('must be an id').max(2147483647, 'must be an id');
const position = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000');
const flag = z.boolean({ error: 'must be true or false' });
const locale = z.string({ error: 'must be a locale like en-us' }).max(20, 'must be a locale like en-us');
const title = z.string({ error: 'must be text' }).max(255, 'is too long (at most 255 characters)');
const body = z.string({ error: 'must be text (HTML)' }).max(MAX_ARTICLE_BODY, 'is too long');
const labels = z.array(z.string({ error: 'must be a list of words' }).max(100, 'each at most 100 characters'), { error: 'must be a list of words' }).max(50, 'at most 50');

function notHere(hint: string) {
  return z.unknown().refine((v) => v === undefined, hint).optional();
}

export const CategoryCreateSchema = z.object({ name: title, description: body.optional(), locale: locale.optional(), position: position.optional() });
export const CategoryUpdateSchema = z.object({
  position: position.optional(),
  source_locale: locale.optional(),
  name: notHere('is a translation’s: change it with PUT /help_center/categories/{id}/translations/{locale}'),
  description: notHere('is a translation’s: change it with PUT /help_center/categories/{id}/translations/{locale}'),
});

export const SectionCreateSchema = z.object({
  name: title,
  description: body.optional(),
  locale: locale.optional(),
  position: position.optional(),
  parent_section_id: id.nullable().optional(),
});
export const SectionUpdateSchema = z.object({
  position: position.optional(),
  category_id: id.optional(),
  parent_section_id: id.nullable().optional(),
  source_locale: locale.optional(),
  name: notHere('is a translation’s: change it with PUT /help_center/sections/{id}/translations/{locale}'),
  description: notHere('is a translation’s: change it with PUT /help_center/sections/{id}/translations/{locale}'),
});

export const ArticleCreateSchema = z.object({
  title,
  body: body.optional(),
  locale: locale.optional(),
  draft: flag.optional(),
  promoted: flag.optional(),
  position: position.optional(),
  comments_disabled: flag.optional(),
  label_names: labels.optional(),
  author_id: id.optional(),
  /** Uploads (POST /help_center/articles/attachments) to attach as block attachments; images in the body are attached inline on their own. */
  attachment_ids: z.array(id, { error: 'must be a list of ids' }).max(100, 'at most 100').optional(),
});
export type ArticleCreateBody = z.infer<typeof ArticleCreateSchema>;

const TRANSLATION_HINT = 'is a translation’s: change it with PUT /help_center/articles/{id}/translations/{locale}';
export const ArticleUpdateSchema = z.object({
  section_id: id.optional(),
  author_id: id.optional(),
  position: position.optional(),
  promoted: flag.optional(),
  comments_disabled: flag.optional(),
  label_names: labels.optional(),
  source_locale: locale.optional(),
  title: notHere(TRANSLATION_HINT),
  body: notHere(TRANSLATION_HINT),
  draft: notHere(TRANSLATION_HINT),
  locale: notHere(TRANSLATION_HINT),
});

export const TranslationCreateSchema = z.object({
  locale: z.string({ error: 'is required: the locale of the translation, like fr' }).max(20, 'must be a locale like en-us'),
  title,
  body: body.optional(),
  draft: flag.optional(),
  outdated: flag.optional(),
});
export const TranslationUpdateSchema = z.object({ title: title.optional(), body: body.optional(), draft: flag.optional(), outdated: flag.optional() });

export const ArticleRedactSchema = z.object({ text: z.string({ error: 'is required: the text to redact' }).max(1000, 'at most 1000 characters') });
