import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Request shapes for tickets, comments and uploads, shared by the API and the web app.

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

/** Longest file name an upload may have. */
export const MAX_FILE_NAME = 255;
