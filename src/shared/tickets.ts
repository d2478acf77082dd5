import { z } from 'zod';
import { TicketSatisfactionSchema } from './satisfaction.ts';
import { TimestampSchema, ViaSchema } from './envelopes.ts';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Tickets: request shapes (and those of comments and uploads), and the ticket objects the
// API answers with, shared by the API and the web app.

/** Statuses a request may set. `closed` only comes from PUT /tickets/{id}/close or the sweep. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export const PrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export const TicketTypeSchema = z.enum(['problem', 'incident', 'question', 'task']);

const Id = IdSchema;
const Text = z.string().max(65_535);

/** Upload tokens are what POST /uploads handed out: short, URL-safe. */
export const UploadTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not an upload token');

export const CommentInputSchema = z.object({
  body: Text.optional(),
  html_body: z.string().max(262_144).optional(),
  public: z.boolean().optional(),
  /** Staff may enter a comment on someone's behalf (a phone call, say). */
  author_id: Id.optional(),
  uploads: z.array(UploadTokenSchema).max(20).optional(),
});
export type CommentInput = z.infer<typeof CommentInputSchema>;

export const RequesterInputSchema = z.object({
  name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)).optional(),
  email: z.string().trim().min(3).max(320),
  locale_id: Id.optional(),
});

const CustomFieldSchema = z.object({
  id: Id,
  value: z.union([z.string().max(65_535), z.number(), z.boolean(), z.null(), z.array(z.string().max(255)).max(100)]),
});

/** Fields a ticket has that both create and update may set. */
const TicketFields = {
  subject: oneLine(z.string().max(255)).nullish(),
  external_id: z.string().max(255).nullish(),
  requester_id: Id.optional(),
  assignee_id: Id.nullish(),
  group_id: Id.nullish(),
  organization_id: Id.nullish(),
  brand_id: Id.nullish(),
  collaborator_ids: z.array(Id).max(48).optional(),
  tags: z.array(z.string().max(255)).max(200).optional(),
  custom_fields: z.array(CustomFieldSchema).max(200).optional(),
  priority: PrioritySchema.nullish(),
  type: TicketTypeSchema.nullish(),
  status: TicketStatusSchema.optional(),
  due_at: z.iso.datetime({ offset: true }).nullish(),
  comment: CommentInputSchema.optional(),
};

export const TicketCreateSchema = z.object({
  ...TicketFields,
  /** Finds the live contact with this email, or creates one. */
  requester: RequesterInputSchema.optional(),
});
export type TicketCreate = z.infer<typeof TicketCreateSchema>;

export const TicketUpdateSchema = z.object({
  ...TicketFields,
  /** Zendesk's tag edits that do not replace the whole list. */
  additional_tags: z.array(z.string().max(255)).max(200).optional(),
  remove_tags: z.array(z.string().max(255)).max(200).optional(),
  /**
   * Zendesk's collision guard: with `safe_update`, the update is refused (409 UpdateConflict)
   * when the ticket changed after `updated_stamp` (the `updated_at` the client last read).
   */
  safe_update: z.boolean().optional(),
  updated_stamp: z.iso.datetime({ offset: true }).optional(),
});
export type TicketUpdate = z.infer<typeof TicketUpdateSchema>;

/** One entry of PUT /tickets/update_many's list form: `{id, …changes}`. */
export const TicketUpdateEntrySchema = TicketUpdateSchema.extend({ id: IdSchema });

/** The fields `PUT /tickets/update_many` may change on every ticket it names. */
export const BULK_UPDATE_FIELDS = ['status', 'priority', 'type', 'assignee_id', 'group_id', 'tags', 'additional_tags', 'remove_tags'] as const;
const BULK_HINT = `one of ${BULK_UPDATE_FIELDS.join(', ')}`;

/**
 * `PUT /tickets/update_many?ids=…` `{ticket:{…}}`: the same changes for each ticket (Zendesk's
 * bulk update). No comment and no `closed` (a reply is written per ticket, and closing is the
 * sweep's or `PUT /tickets/{id}/close`); another field is a 422 naming it.
 */
export const TicketBulkUpdateSchema = z
  .object({
    status: z.enum(['new', 'open', 'pending', 'hold', 'solved'], { error: 'must be one of new, open, pending, hold, solved (closed is not set by an update)' }).optional(),
    priority: TicketFields.priority,
    type: TicketFields.type,
    assignee_id: TicketFields.assignee_id,
    group_id: TicketFields.group_id,
    tags: TicketFields.tags,
    additional_tags: TicketUpdateSchema.shape.additional_tags,
    remove_tags: TicketUpdateSchema.shape.remove_tags,
  })
  .loose()
  .superRefine((v, ctx) => {
    const known = new Set<string>(BULK_UPDATE_FIELDS);
    for (const k of Object.keys(v)) if (!known.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: `cannot be changed in a bulk update (${BULK_HINT})` });
    if (!BULK_UPDATE_FIELDS.some((k) => v[k] !== undefined)) ctx.addIssue({ code: 'custom', path: [], message: `give at least one field to change: ${BULK_HINT}` });
  })
  .transform((v) => Object.fromEntries(BULK_UPDATE_FIELDS.flatMap((k) => (v[k] !== undefined ? [[k, v[k]]] : []))) as BulkTicketChanges);
/** The changes of a bulk update, as the job keeps them. */
export type BulkTicketChanges = Partial<Pick<TicketUpdate, (typeof BULK_UPDATE_FIELDS)[number]>>;

/** Longest file name an upload may have. */
export const MAX_FILE_NAME = 255;

/** A ticket's status as stored and shown: the request statuses, and `deleted` for an erased ticket's tombstone. */
export const StoredTicketStatusSchema = z.enum([...TICKET_STATUSES, 'deleted']);
export type TicketStatus = z.infer<typeof StoredTicketStatusSchema>;

/** Where a ticket lives, beside its status: the Spam and Deleted views, or erased to a tombstone. */
export const TicketStateSchema = z.enum(['active', 'spam', 'deleted', 'erased']);
export type TicketState = z.infer<typeof TicketStateSchema>;

/** Why a ticket is in Spam: marked by an agent, its requester deleted, or quarantined as a mail loop. */
export const SpamCauseSchema = z.enum(['marked', 'contact_deleted', 'mail_loop']);
export type SpamCause = z.infer<typeof SpamCauseSchema>;

/** Zendesk's ticket object, plus `state` (Oubli). */
export const TicketSchema = z.object({
  id: z.number(),
  url: z.string(),
  external_id: z.string().nullable(),
  via: ViaSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  type: z.string().nullable(),
  subject: z.string().nullable(),
  raw_subject: z.string().nullable(),
  /** The first comment's text. */
  description: z.string().nullable(),
  priority: z.string().nullable(),
  status: StoredTicketStatusSchema,
  recipient: z.null(),
  requester_id: z.number(),
  submitter_id: z.number().nullable(),
  assignee_id: z.number().nullable(),
  organization_id: z.number().nullable(),
  group_id: z.number().nullable(),
  brand_id: z.number().nullable(),
  collaborator_ids: z.array(z.number()),
  follower_ids: z.array(z.number()),
  email_cc_ids: z.array(z.number()),
  has_incidents: z.boolean(),
  is_public: z.boolean(),
  due_at: TimestampSchema.nullable(),
  tags: z.array(z.string()),
  custom_fields: z.array(z.object({ id: z.number(), value: z.unknown() })),
  allow_attachments: z.boolean(),
  /** Zendesk's CSAT field: null until the survey is offered (docs/satisfaction.md). */
  satisfaction_rating: TicketSatisfactionSchema,
  /** Where the ticket lives besides its status (active, spam, deleted). */
  state: TicketStateSchema,
});
export type Ticket = z.infer<typeof TicketSchema>;

/** A ticket of the Spam view: the status it will return to, why it is there, when and by whom. */
export const SpamTicketSchema = TicketSchema.extend({
  previous_status: StoredTicketStatusSchema,
  spam_cause: SpamCauseSchema.nullable(),
  marked_spam_at: TimestampSchema.nullable(),
  marked_spam_by_id: z.number().nullable(),
});
export type SpamTicket = z.infer<typeof SpamTicketSchema>;

/** Zendesk's deleted_ticket: who deleted it, when, and the status it will return to. */
export const DeletedTicketSchema = z.object({
  id: z.number(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  deleted_at: TimestampSchema.nullable(),
  previous_state: StoredTicketStatusSchema,
});
export type DeletedTicket = z.infer<typeof DeletedTicketSchema>;

/** A ticket audit: the history entry a create or update wrote (field names and ids only). */
export const TicketAuditSchema = z.object({
  id: z.number(),
  ticket_id: z.number(),
  created_at: TimestampSchema,
  author_id: z.number().nullable(),
  metadata: z.object({}),
  events: z.array(z.unknown()),
});
export type TicketAudit = z.infer<typeof TicketAuditSchema>;
