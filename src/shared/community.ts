import { z } from 'zod';
import { HC_POST_STATUSES } from './help-centre.ts';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// What people write in the help centre (docs/help-centre-community.md): request shapes of
// community topics, posts and comments, article comments and votes, shared by the API, the
// public pages and the web app. Field names are Zendesk's Help Center API's.

/** The longest HTML a post's details or a comment's body may be. */
export const COMMUNITY_HTML_MAX = 65_535;
/** The largest community file (an image in a post or comment). */
export const COMMUNITY_FILE_MAX = 10 * 1024 * 1024;
/** At most this many files are given to one post or comment. */
export const COMMUNITY_FILES_PER_ITEM = 10;

const Title = oneLine(z.string().trim().min(1, 'cannot be blank').max(255));
const Html = z.string().max(COMMUNITY_HTML_MAX);

export const TopicCreateSchema = z.object({
  name: Title,
  description: z.string().max(COMMUNITY_HTML_MAX).nullish(),
  position: z.number().int().min(0).max(1_000_000).nullish(),
});
export type TopicCreate = z.infer<typeof TopicCreateSchema>;
export const TopicUpdateSchema = TopicCreateSchema.partial();
export type TopicUpdate = z.infer<typeof TopicUpdateSchema>;

/** Fields only moderators (admins) may set on a post. */
export const POST_MODERATOR_FIELDS = ['status', 'pinned', 'featured', 'closed'] as const;

export const PostCreateSchema = z.object({
  title: Title,
  details: Html.min(1, 'cannot be blank'),
  topic_id: IdSchema,
  status: z.enum(HC_POST_STATUSES).nullish(),
  pinned: z.boolean().nullish(),
  featured: z.boolean().nullish(),
  closed: z.boolean().nullish(),
  /** Oubli: ids of the author's community uploads this post uses (shown under it). */
  attachment_ids: z.array(IdSchema).max(COMMUNITY_FILES_PER_ITEM).nullish(),
});
export type PostCreate = z.infer<typeof PostCreateSchema>;
export const PostUpdateSchema = PostCreateSchema.omit({ attachment_ids: true }).partial();
export type PostUpdate = z.infer<typeof PostUpdateSchema>;

export const PostCommentCreateSchema = z.object({
  body: Html.min(1, 'cannot be blank'),
  official: z.boolean().nullish(),
  attachment_ids: z.array(IdSchema).max(COMMUNITY_FILES_PER_ITEM).nullish(),
});
export type PostCommentCreate = z.infer<typeof PostCommentCreateSchema>;
export const PostCommentUpdateSchema = PostCommentCreateSchema.omit({ attachment_ids: true }).partial();
export type PostCommentUpdate = z.infer<typeof PostCommentUpdateSchema>;

export const ArticleCommentCreateSchema = z.object({
  body: Html.min(1, 'cannot be blank'),
  locale: z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'is not a locale').nullish(),
});
export type ArticleCommentCreate = z.infer<typeof ArticleCommentCreateSchema>;
export const ArticleCommentUpdateSchema = ArticleCommentCreateSchema.partial();
export type ArticleCommentUpdate = z.infer<typeof ArticleCommentUpdateSchema>;

/** Zendesk's item_type of a vote, by Oubli's word for the item. */
export const VOTE_ITEM_TYPES = { article: 'Article', post: 'Post', post_comment: 'PostComment' } as const;
