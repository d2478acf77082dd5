import { z } from 'zod';
import { ID_RULE, IdSchema } from './ids.ts';
import { IdText, oneOfParam, optionalParam, PageQuerySchema } from './query.ts';

// Erasure requests (API.md "Erasure requests"): request shapes and the words of the
// resource, shared by the API and the web app.

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
] as const;
export type MatchLocation = (typeof MATCH_LOCATIONS)[number];

/**
 * What executing a confirmed match does: redact the string in the comment (and its raw
 * email), redact it in the subject, redact the attachment, erase the ticket (closed, spam or
 * deleted tickets cannot be redacted), nothing of its own because the ticket is the
 * person's and goes with them, take them off a ticket's CC list, take the tag off the
 * ticket, clear the custom field's value, redact (▇) the term in an organization's notes or
 * details, replace an organization's name, redact (▇) the term in another person's profile.
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
