import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { chatByExternalId, getChat, insertChat, insertChatMessage, insertPage, insertSession, insertVisitor, isDeletedExternalId, messagesOfChats, updateChatRow, updateVisitorRow } from '../../db/queries/chat-records.ts';
import { findLiveUserByEmail, getUser } from '../../db/queries/users.ts';
import { AppError, invalidField } from '../../errors.ts';
import type { ChatImport } from '../../shared/chats.ts';
import { emailKey } from '../contacts/identity-values.ts';
import { recordEvent } from '../events.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { externalIdHash } from './delete-chat.ts';

// Importing a chat synced from another system (POST /chat/chats): upserted by its
// external id. A chat deleted here on purpose stays deleted: its id's sha256 is in
// deleted_chat_external_ids, and the import is refused with 409 (docs/chat.md, "Re-synced
// chats"), so the integration learns it and nothing is written. A second import of a live
// chat adds the messages it did not have yet (by their external ids, else by time and text)
// and updates the visitor, tags and end time.

export interface ImportChatResult {
  chatId: number;
  visitorId: number;
  created: boolean;
  messagesAdded: number;
}

const iso = (s: string) => new Date(s).toISOString();

/** Imports or updates one chat by its external id. */
export async function importChat(ctx: Ctx, input: ChatImport): Promise<ImportChatResult> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    if (await isDeletedExternalId(trx, externalIdHash(input.external_id))) {
      throw new AppError('conflict', 'This chat was deleted in Oubli and cannot be imported again (docs/chat.md, "Re-synced chats").');
    }
    const now = ctx.now().toISOString();
    const agentIds = [...new Set(input.history.flatMap((h) => (h.agent_id !== undefined ? [h.agent_id] : [])))];
    for (const id of agentIds) {
      const u = await getUser(trx, id);
      if (!u || u.role === 'end-user' || u.deleted_at !== null) throw invalidField('history', `agent_id ${id} is not an agent of this account.`);
    }
    const v = input.visitor;
    const key = emailKey(v.email);
    const linked = key ? await findLiveUserByEmail(trx, key) : undefined;
    let chat = await chatByExternalId(trx, input.external_id);
    let created = false;
    let visitorId: number;
    if (chat) {
      visitorId = chat.visitor_id;
      await updateVisitorRow(trx, visitorId, {
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v.email !== undefined ? { email: v.email } : {}),
        ...(v.phone !== undefined ? { phone: v.phone } : {}),
        ...(v.notes !== undefined ? { notes: v.notes } : {}),
        updated_at: now,
      });
    } else {
      visitorId = await insertVisitor(trx, {
        user_id: linked?.id ?? null,
        name: v.name ?? null,
        email: v.email ?? null,
        phone: v.phone ?? null,
        notes: v.notes ?? null,
        // An imported visitor has no browser to come back from: a random secret nobody holds.
        token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
        created_at: now,
        updated_at: now,
        last_seen_at: iso(input.timestamp),
      });
      let sessionId: number | null = null;
      if (input.session || input.webpath?.length) {
        sessionId = await insertSession(trx, {
          visitor_id: visitorId,
          ip: input.session?.ip ?? null,
          user_agent: input.session?.user_agent ?? null,
          started_at: iso(input.timestamp),
          last_seen_at: iso(input.end_timestamp ?? input.timestamp),
        });
        for (const p of input.webpath ?? []) await insertPage(trx, { session_id: sessionId, url: p.to, title: p.title ?? null, visited_at: iso(p.timestamp) });
      }
      const chatId = await insertChat(trx, {
          visitor_id: visitorId,
          session_id: sessionId,
          status: input.end_timestamp ? 'ended' : 'active',
          agent_id: agentIds[0] ?? null,
          ticket_id: null,
          external_id: input.external_id,
          started_at: iso(input.timestamp),
          ended_at: input.end_timestamp ? iso(input.end_timestamp) : null,
          updated_at: now,
          tags: input.tags ? JSON.stringify([...new Set(input.tags)]) : null,
      });
      chat = (await getChat(trx, chatId))!;
      created = true;
    }
    const have = await messagesOfChats(trx, [chat.id]);
    const seen = new Set(have.map((m) => m.external_id ?? `${m.created_at}|${m.author_kind}|${m.body}`));
    let added = 0;
    for (const h of input.history) {
      const author = h.type === 'chat.msg' ? (h.agent_id !== undefined || h.author === 'agent' ? 'agent' : 'visitor') : 'system';
      const body = h.type === 'chat.msg' ? (h.msg ?? '') : h.type === 'chat.memberjoin' ? 'joined' : 'left';
      if (h.type === 'chat.msg' && body.trim() === '') throw invalidField('history', 'a chat.msg needs its msg.');
      const key = h.external_id ?? `${iso(h.timestamp)}|${author}|${body}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await insertChatMessage(trx, { chat_id: chat.id, author_kind: author, agent_id: h.agent_id ?? null, body, external_id: h.external_id ?? null, created_at: iso(h.timestamp) });
      added++;
    }
    if (!created) {
      await updateChatRow(trx, chat.id, {
        updated_at: now,
        ...(input.end_timestamp ? { ended_at: iso(input.end_timestamp), status: 'ended' as const } : {}),
        ...(input.tags ? { tags: JSON.stringify([...new Set(input.tags)]) } : {}),
      });
    }
    const details = { chat_id: chat.id, visitor_id: visitorId, messages_added: added };
    if (created) await recordEvent(ctx, trx, { action: 'chat.imported', subjectType: 'chat', subjectId: chat.id, details });
    else await recordEvent(ctx, trx, { action: 'chat.reimported', subjectType: 'chat', subjectId: chat.id, details });
    return { chatId: chat.id, visitorId, created, messagesAdded: added };
  });
}
