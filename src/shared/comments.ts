import { z } from 'zod';
import { TimestampSchema, ViaSchema } from './envelopes.ts';
import { VoiceCommentDataSchema } from './calls.ts';

// Comments and their attachments as the API answers them (Zendesk's shapes), shared by the
// server's presenters and the web app. What a comment request may send is in tickets.ts.

/**
 * Zendesk's attachment object; content_url serves the bytes (GET /attachments/{id}/content).
 * A redacted file says `deleted: true`: its URLs answer 404, there is nothing left to fetch.
 * `content_id` (an Oubli addition) is the Content-ID of an inline image from mail, without
 * angle brackets: the comment's HTML shows it as `<img src="cid:…">`.
 */
export const AttachmentSchema = z.object({
  id: z.number(),
  url: z.string(),
  file_name: z.string(),
  content_url: z.string(),
  mapped_content_url: z.string(),
  content_type: z.string(),
  size: z.number(),
  width: z.null(),
  height: z.null(),
  inline: z.boolean(),
  content_id: z.string().nullable(),
  deleted: z.boolean(),
  thumbnails: z.array(z.never()),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const CommentSchema = z.object({
  id: z.number(),
  /** VoiceComment for a call's comment (Zendesk's type), with the call's facts in `data`. */
  type: z.enum(['Comment', 'VoiceComment']),
  author_id: z.number(),
  body: z.string(),
  html_body: z.string(),
  plain_body: z.string(),
  public: z.boolean(),
  attachments: z.array(AttachmentSchema),
  audit_id: z.null(),
  via: ViaSchema,
  metadata: z.object({}),
  created_at: TimestampSchema,
  /** A voice comment's call, read from the call row: what a deleted recording leaves (docs/calls.md). */
  data: VoiceCommentDataSchema.optional(),
});
export type Comment = z.infer<typeof CommentSchema>;

/** POST /uploads: the token to send with the comment, and the files uploaded under it so far. */
export const UploadSchema = z.object({
  token: z.string(),
  expires_at: TimestampSchema,
  attachments: z.array(AttachmentSchema),
  attachment: AttachmentSchema.nullable(),
});
export type Upload = z.infer<typeof UploadSchema>;
