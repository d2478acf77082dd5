import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { ID_RULE, IdSchema } from './ids.ts';
import { IdText, oneOfParam, optionalParam, PageQuerySchema } from './query.ts';
import { RecipientsSummarySchema } from './webhooks.ts';

// Erasure requests (docs/erasure-requests.md): request and query shapes, the words of the
// resource and the objects the API answers with, shared by the API and the web app.

/**
 * `verification_failed`: the verification found something (where is in the request's
 * `verification.found`, never what); never `completed` until a fix verifies clean.
 */
export const ERASURE_REQUEST_STATUSES = ['planning', 'ready', 'executing', 'completed', 'verification_failed', 'failed', 'cancelled'] as const;
export type ErasureRequestStatus = (typeof ERASURE_REQUEST_STATUSES)[number];

export const TERM_KINDS = ['name', 'alias', 'email', 'phone', 'twitter', 'facebook', 'user_field', 'iban', 'text'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export const TERM_SOURCES = ['profile', 'added', 'suggested'] as const;
export type TermSource = (typeof TERM_SOURCES)[number];

/**
 * Where a match was found. Without a term: `requested_ticket` (their own ticket),
 * `sent_attachment` (a file they sent on someone else's ticket: its content cannot be
 * searched) and `cc_list` (a ticket they are CC'd on). `tag` and `custom_field` are on a
 * ticket; `organization` (name, notes, details) and `profile` (another member of their
 * organizations: notes, details, custom user fields) are on no ticket.
 */
export const MATCH_LOCATIONS = [
  'subject',
  'comment',
  'attachment_name',
  'raw_mail',
  'requested_ticket',
  'sent_attachment',
  'cc_list',
  'tag',
  'custom_field',
  'organization',
  'profile',
  'draft',
  // A call's transcript or numbers (docs/calls.md).
  'call',
  // A chat (docs/chat.md): its messages, its visitor's fields, its file names, or a visitor linked to the person.
  'chat',
  // A CSAT rating's comment, an NPS response's comment or its name/email copies (docs/satisfaction.md).
  'csat',
  'nps',
  // A knowledge base article (docs/help-centre.md): any translation's current text, or a revision of one.
  'article',
  // The help centre's community (docs/help-centre-community.md): someone else's post, post comment or article comment.
  'community',
] as const;
export type MatchLocation = (typeof MATCH_LOCATIONS)[number];

/**
 * What executing a confirmed match does: redact the string in the comment (and its raw
 * email), redact it in the subject, redact the attachment, erase the ticket (closed, spam or
 * deleted tickets cannot be redacted), nothing of its own because the ticket is the
 * person's and goes with them, take them off a ticket's CC list, take the tag off the
 * ticket, clear the custom field's value, redact (▇) the term in an organization's notes or
 * details, replace an organization's name, redact (▇) the term in another person's profile,
 * delete an agent's unsent draft that names them (docs/views.md "Drafts").
 */
export const MATCH_ACTIONS = [
  'redact',
  'redact_subject',
  'redact_attachment',
  'delete_ticket',
  'erase_with_user',
  'remove_cc',
  'remove_tag',
  'clear_field',
  'redact_org_text',
  'rename_org',
  'redact_profile',
  'delete_draft',
  // A call's recordings and transcript, deleted at once (docs/calls.md).
  'delete_recording',
  // Chats: delete the chat whole, delete only its files, or redact (▇) the term in its messages.
  'delete_chat',
  'delete_chat_files',
  'redact_chat',
  // Survey answers: redact (▇) the term in the comment; blank a response's name and email copies. Scores stay.
  'redact_survey',
  'scrub_survey_copies',
  // Articles: delete the article forever, or redact (▇) the term in every translation and revision.
  'delete_article',
  'redact_article',
  // The community: redact (▇) the term in a post or comment, or delete the post (with its comments) or the comment.
  'redact_community',
  'delete_post',
  'delete_comment',
] as const;
export type MatchAction = (typeof MATCH_ACTIONS)[number];

export const MATCH_DECISIONS = ['pending', 'confirm', 'reject'] as const;
export type MatchDecision = (typeof MATCH_DECISIONS)[number];

const Id = IdSchema;
/** A term as typed: a name, an address, a number, a phrase. */
const TermText = z.string().trim().min(2, 'must be at least 2 characters').max(200);

export const ErasureRequestCreateSchema = z.object({
  user_id: Id,
  extra_terms: z.array(TermText).max(50).optional(),
});
export type ErasureRequestCreate = z.infer<typeof ErasureRequestCreateSchema>;

export const ExtensionSchema = z.object({
  /** A date (YYYY-MM-DD) or a timestamp, at most two months after the due date. */
  until: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
  /** Why the request needs more time (Art. 12(3)): required, recorded, never in the certificate. */
  reason: z.string().trim().min(1, 'cannot be blank: an extension needs a recorded reason').max(2000),
});

export const MatchDecisionSchema = z.object({
  match_id: Id,
  decision: z.enum(['confirm', 'reject']),
});

export const ErasureRequestUpdateSchema = z.object({
  extra_terms: z.array(TermText).max(50).optional(),
  accept_terms: z.array(Id).max(200).optional(),
  reject_terms: z.array(Id).max(200).optional(),
  decisions: z.array(MatchDecisionSchema).max(1000).optional(),
  confirm_all: z.boolean().optional(),
  extension: ExtensionSchema.optional(),
  /** Search every accepted term again (after new data arrived); decisions made are kept. */
  replan: z.boolean().optional(),
});
export type ErasureRequestUpdate = z.infer<typeof ErasureRequestUpdateSchema>;

/** Open requests past their deadline, or due within DUE_SOON_DAYS. */
export const DUE_FILTERS = ['soon', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** GET /erasure_requests: by status, by how soon they are due. */
export const ErasureRequestListQuerySchema = PageQuerySchema.extend({
  status: oneOfParam(ERASURE_REQUEST_STATUSES),
  due: oneOfParam(DUE_FILTERS),
});

/** `ticket_id=none`: the matches outside tickets (organizations, profiles); else a ticket's id. */
const MatchTicketParam = optionalParam(z.union([z.literal('none').transform(() => null), IdText], { error: `must be an id (${ID_RULE}) or none` }));

/** GET /erasure_requests/{id}/matches: one ticket's (or those outside tickets), by decision, by proposed action. */
export const MatchListQuerySchema = PageQuerySchema.extend({
  ticket_id: MatchTicketParam,
  decision: oneOfParam(MATCH_DECISIONS),
  proposed_action: oneOfParam(MATCH_ACTIONS),
});

export const ErasureTermSchema = z.object({
  id: z.number(),
  kind: z.enum(TERM_KINDS),
  value: z.string(),
  source: z.enum(TERM_SOURCES),
  accepted: z.boolean(),
});
export type ErasureTerm = z.infer<typeof ErasureTermSchema>;

const ByDecisionSchema = z.object({ pending: z.number(), confirm: z.number(), reject: z.number() });

/** How many matches there are, by decision and by proposed action (each action with its decisions). */
export const MatchCountsSchema = z.object({
  total: z.number(),
  by_decision: ByDecisionSchema,
  by_action: z.record(z.enum(MATCH_ACTIONS), ByDecisionSchema.extend({ total: z.number() })),
});
export type MatchCounts = z.infer<typeof MatchCountsSchema>;

/** One place a verification found something: table.column or store, a count, the first row ids (never the text). */
export const FoundPlaceSchema = z.object({ store: z.string(), count: z.number(), ids: z.array(z.number()).optional() });
export type FoundPlace = z.infer<typeof FoundPlaceSchema>;

/** The last verification: counts, states and `found` (where, never what). */
export const VerificationSchema = z.looseObject({ passed: z.boolean().optional(), found: z.array(FoundPlaceSchema).optional() });
export type Verification = z.infer<typeof VerificationSchema>;

/** One erasure request with its terms and match counts (its matches are a list of their own). */
export const ErasureRequestSchema = z.object({
  id: z.number(),
  url: z.string(),
  user_id: z.number(),
  status: z.enum(ERASURE_REQUEST_STATUSES),
  received_at: TimestampSchema,
  due_at: TimestampSchema,
  extended_until: TimestampSchema.nullable(),
  extension_reason: z.string().nullable(),
  /** The deadline in force: the extension, else the due date. */
  deadline: TimestampSchema,
  /** For open requests: past the deadline, or due within DUE_SOON_DAYS. */
  due: z.enum(DUE_FILTERS).nullable(),
  terms: z.array(ErasureTermSchema),
  match_counts: MatchCountsSchema,
  matches_url: z.string(),
  tickets_url: z.string(),
  certificate_url: z.string().nullable(),
  /** While verification_failed: where to ask for the fix. */
  fix_url: z.string().nullable(),
  /** Counts, states and where something was found (table.column or store, row ids): never the text. */
  verification: VerificationSchema.nullable(),
  planning_phase: z.string().nullable(),
  execution_phase: z.string().nullable(),
  job_id: z.string().nullable(),
  opened_by_id: z.number().nullable(),
  executed_by_id: z.number().nullable(),
  completed_at: TimestampSchema.nullable(),
  cancelled_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ErasureRequest = z.infer<typeof ErasureRequestSchema>;

export const ErasureMatchSchema = z.object({
  id: z.number(),
  url: z.string(),
  term_id: z.number().nullable(),
  /** Null for a match outside tickets (an organization, a peer's profile). */
  ticket_id: z.number().nullable(),
  comment_id: z.number().nullable(),
  attachment_id: z.number().nullable(),
  raw_message_id: z.number().nullable(),
  organization_id: z.number().nullable(),
  profile_user_id: z.number().nullable(),
  /** The chat of a `chat` match (docs/chat.md). */
  chat_id: z.number().nullable(),
  /** The article of an `article` match (docs/help-centre.md). */
  article_id: z.number().nullable(),
  /** The post or comment of a `community` match (`field` says which: post, post_comment, article_comment). */
  community_id: z.number().nullable(),
  /** The tag or custom field the match is in, if any. */
  field: z.string().nullable(),
  location: z.enum(MATCH_LOCATIONS),
  snippet: z.string().nullable(),
  proposed_action: z.enum(MATCH_ACTIONS),
  decision: z.enum(MATCH_DECISIONS),
  applied_action: z.string().nullable(),
  applied_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ErasureMatch = z.infer<typeof ErasureMatchSchema>;

/** One ticket of the plan (GET /erasure_requests/{id}/tickets): its matches, summed. */
export const TicketGroupSchema = z.object({
  ticket_id: z.number(),
  url: z.string(),
  ticket_url: z.string(),
  matches: z.number(),
  pending: z.number(),
  confirmed: z.number(),
  rejected: z.number(),
  proposed_actions: z.array(z.enum(MATCH_ACTIONS)),
});
export type TicketGroup = z.infer<typeof TicketGroupSchema>;

/**
 * The certificate: ids, dates, counts and the verification (counts and states only). Never
 * the person's name, terms, snippets, or the free-text extension reason.
 */
export const CertificateSchema = z.object({
  request_id: z.number(),
  url: z.string(),
  /** completed, or verification_failed: then `verification.found` says where, and there is no completed_at. */
  status: z.enum(ERASURE_REQUEST_STATUSES),
  user_id: z.number(),
  received_at: TimestampSchema,
  due_at: TimestampSchema,
  extended_until: TimestampSchema.nullable(),
  completed_at: TimestampSchema.nullable(),
  completed_in_time: z.boolean(),
  actor_id: z.number().nullable(),
  opened_by_id: z.number().nullable(),
  counts: z.object({
    redacted_comments: z.number(),
    redacted_attachments: z.number(),
    redacted_subjects: z.number(),
    erased_tickets: z.number(),
    erased_requested_tickets: z.number(),
    removed_tags: z.number(),
    cleared_fields: z.number(),
    redacted_organizations: z.number(),
    redacted_profiles: z.number(),
    skipped_matches: z.number(),
    matches_applied: z.number(),
    rejected_matches: z.number(),
    terms_accepted: z.number(),
    terms_rejected: z.number(),
  }),
  verification: VerificationSchema,
  /** Who was told (the erasure ledger, docs/webhooks.md): machine recipients by id, people by count. */
  recipients: RecipientsSummarySchema,
});
export type Certificate = z.infer<typeof CertificateSchema>;
