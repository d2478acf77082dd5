import { z } from 'zod';
import { TicketStatusSchema } from './tickets.ts';

// A draft (docs/views.md "Drafts"): the signed-in agent's unsent reply to one ticket.

/** The largest `fields` object a draft keeps, as JSON. */
export const MAX_DRAFT_FIELDS_BYTES = 65_536;

export const DraftInputSchema = z.object({
  body: z.string().max(65_535).default(''),
  /** A public reply (true) or an internal note (false). */
  public: z.boolean().default(true),
  /** The status chosen for "Submit as …"; null for none. */
  status: TicketStatusSchema.nullish(),
  /** Field changes to send with the reply (assignee, tags, …), as the client keeps them. */
  fields: z
    .record(z.string().max(100), z.unknown())
    .default({})
    .refine((f) => Buffer.byteLength(JSON.stringify(f)) <= MAX_DRAFT_FIELDS_BYTES, `must be at most ${MAX_DRAFT_FIELDS_BYTES} bytes as JSON`),
});
export type DraftInput = z.infer<typeof DraftInputSchema>;
