import { z } from 'zod';
import { IdSchema } from './ids.ts';

// Chats as records (docs/chat.md, "Chats as records"): the Zendesk Chat API's chat and
// visitor objects as Oubli answers them, and the bodies it accepts. Ids are strings on the
// wire, as Zendesk Chat's are.

const Text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const NullableText = (max: number) => z.union([Text(max), z.null()]);

/** A tag: a short word without spaces, lower-cased as Zendesk does. */
const Tag = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\s,]+$/u, 'a tag is one word: no spaces or commas')
  .transform((s) => s.toLowerCase());

/** PUT /chat/visitors/{id} and POST /chat/visitors: what an agent may set. `user_id` links the visitor to a contact. */
export const VisitorUpdateSchema = z
  .object({
    name: NullableText(200),
    email: z.union([z.string().trim().toLowerCase().email('must be an email address').max(320), z.literal(''), z.null()]),
    phone: NullableText(50),
    notes: NullableText(10_000),
    user_id: z.union([IdSchema, z.null()]),
  })
  .partial()
  .strict();
export type VisitorUpdate = z.infer<typeof VisitorUpdateSchema>;

/** PUT /chat/chats/{id}: the tags (the whole list) and the visitor's fields, as Zendesk's Update Chat allows. */
export const ChatUpdateSchema = z
  .object({
    tags: z.array(Tag).max(50),
    visitor: VisitorUpdateSchema.omit({ user_id: true }),
  })
  .partial()
  .strict();
export type ChatUpdate = z.infer<typeof ChatUpdateSchema>;

const Iso = z.string().datetime({ offset: true, message: 'must be an ISO 8601 time' });

/** One line of an imported chat: Zendesk's history entry. */
const ImportEntry = z.object({
  type: z.enum(['chat.msg', 'chat.memberjoin', 'chat.memberleave']),
  /** Who wrote it: `visitor`, or an agent (`agent_id`, a staff user of this account). */
  author: z.enum(['visitor', 'agent']).optional(),
  agent_id: IdSchema.optional(),
  msg: z.string().max(4000).optional(),
  timestamp: Iso,
  external_id: z.string().trim().min(1).max(200).optional(),
});

/**
 * POST /chat/chats: a chat synced from another system (an integration, a messaging bridge).
 * Upserted by `external_id`; an id of a chat deleted here is refused (docs/chat.md).
 */
export const ChatImportSchema = z
  .object({
    external_id: z.string().trim().min(1).max(200),
    visitor: z.object({
      name: Text(200).optional(),
      email: z.string().trim().toLowerCase().email('must be an email address').max(320).optional(),
      phone: Text(50).optional(),
      notes: Text(10_000).optional(),
    }),
    session: z.object({ ip: Text(64).optional(), user_agent: Text(1000).optional() }).optional(),
    webpath: z.array(z.object({ to: z.string().url().max(2000), title: Text(300).optional(), timestamp: Iso })).max(200).optional(),
    history: z.array(ImportEntry).min(1).max(2000),
    timestamp: Iso,
    end_timestamp: Iso.optional(),
    tags: z.array(Tag).max(50).optional(),
  })
  .strict();
export type ChatImport = z.infer<typeof ChatImportSchema>;

/** PUT /chat/chats/{id}/redact: a string to turn into ▇ in every message of the chat. */
export const ChatRedactSchema = z.object({ text: z.string().max(10_000, 'at most 10000 characters') }).strict();

/**
 * PUT /chat_redactions/{ticket_id}, as Zendesk's Redact Chat Comment: the message (`message_id`,
 * or its place `chat_index` in the chat's history) with `<redact>` tags around what goes.
 */
export const ChatCommentRedactionSchema = z
  .object({
    chat_id: z.string().regex(/^\d{1,10}$/, 'must be a chat id'),
    chat_index: z.number().int().min(0).optional(),
    message_id: z.union([IdSchema, z.string().regex(/^\d{1,10}$/).transform(Number)]).optional(),
    text: z.string().min(1).max(20_000),
  })
  .strict()
  .refine((b) => b.chat_index !== undefined || b.message_id !== undefined, { message: 'give chat_index or message_id', path: ['chat_index'] });

/** PUT /chat_file_redactions/{ticket_id}: the files by their places in the history (`chat_indexes`) or ids (`message_ids` name file ids here). */
export const ChatFileRedactionSchema = z
  .object({
    chat_id: z.string().regex(/^\d{1,10}$/, 'must be a chat id'),
    chat_indexes: z.array(z.number().int().min(0)).max(500).optional(),
    message_ids: z.array(z.union([IdSchema, z.string().regex(/^\d{1,10}$/).transform(Number)])).max(500).optional(),
  })
  .strict()
  .refine((b) => (b.chat_indexes?.length ?? 0) + (b.message_ids?.length ?? 0) > 0, { message: 'give chat_indexes or message_ids', path: ['chat_indexes'] });

/** The visitor object (Zendesk Chat's, with Oubli's user_id link). */
export interface ChatVisitor {
  id: string;
  name: string;
  email: string;
  phone: string;
  notes: string;
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** One entry of a chat's history: chat.msg, chat.memberjoin, chat.memberleave, chat.file. */
export interface ChatHistoryEntry {
  type: 'chat.msg' | 'chat.memberjoin' | 'chat.memberleave' | 'chat.file';
  /** Oubli's id of the message (chat.msg, member events) or of the file (chat.file). */
  id: number;
  name: string;
  nick: string;
  timestamp: string;
  msg?: string;
  agent_id?: string;
  attachment?: { id: number; name: string; mime_type: string; size: number; redacted: boolean; url: string | null };
}

/** The chat object. */
export interface ChatObject {
  id: string;
  type: 'chat';
  visitor: ChatVisitor;
  session: { id: string; ip: string; user_agent: string; start_date: string; end_date: string } | null;
  history: ChatHistoryEntry[];
  webpath: { to: string; title: string; timestamp: string }[];
  agent_ids: string[];
  agent_names: string[];
  count: { visitor: number; agent: number; total: number };
  timestamp: string;
  end_timestamp: string | null;
  update_timestamp: string;
  duration: number;
  status: string;
  missed: boolean;
  tags: string[];
  ticket_id: number | null;
  zendesk_ticket_id: number | null;
  external_id: string | null;
  started_by: 'visitor' | 'agent';
}
