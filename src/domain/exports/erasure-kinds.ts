// What the erasure feed (GET /incremental/erasures) reports: the audit actions that removed a
// person's data for good, each under a kind a warehouse can act on. The audit log already holds
// these with ids, counts and states only (src/domain/events.ts); the feed reads it and passes on
// ids alone — never counts of characters, reasons or anything else the details carry.

/** Audit action → kind in the feed. */
export const ERASURE_KINDS = {
  'user.erased': 'user_erased',
  'user.profile_redacted': 'user_profile_redacted',
  'identity.deleted': 'identity_deleted',
  'ticket.erased': 'ticket_erased',
  'ticket.subject_redacted': 'ticket_subject_redacted',
  'comment.redacted': 'comment_redacted',
  'attachment.redacted': 'attachment_redacted',
  'organization.redacted': 'organization_redacted',
  'organization.deleted': 'organization_deleted',
  'chat.deleted': 'chat_deleted',
  'chat.redacted': 'chat_redacted',
  'chat.files_deleted': 'chat_files_deleted',
  'visitor.deleted': 'visitor_deleted',
  'call.recording_deleted': 'call_recording_deleted',
  'survey_comment.redacted': 'survey_comment_redacted',
  'hc_article.deleted_forever': 'article_deleted_forever',
  'hc_article.redacted': 'article_redacted',
  'hc_article_attachment.deleted': 'article_attachment_deleted',
  'article_comment.deleted': 'article_comment_deleted',
  'community_post.deleted': 'community_post_deleted',
  'community_comment.deleted': 'community_comment_deleted',
} as const;

export type ErasureKind = (typeof ERASURE_KINDS)[keyof typeof ERASURE_KINDS];

export const ERASURE_ACTIONS = Object.keys(ERASURE_KINDS) as (keyof typeof ERASURE_KINDS)[];

/** The detail keys that are ids of the things concerned: the only ones the feed passes on. */
export const ERASURE_ID_KEYS = ['user_id', 'identity_id', 'ticket_id', 'comment_id', 'attachment_id', 'organization_id', 'chat_id', 'visitor_id', 'article_id', 'post_id', 'recording_ids', 'file_ids', 'erasure_request_id'] as const;
