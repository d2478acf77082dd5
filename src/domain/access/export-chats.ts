import type { Ctx } from '../../context.ts';
import { filesOfChats, getChats, chatIdsOfVisitors, messagesOfChats, pagesOfSessions, sessionsOfVisitors, visitorsOfUser } from '../../db/queries/chat-records.ts';
import { sec, type Json } from './json-stream.ts';

// The chat part of the right-of-access export (GET /users/{id}/export, docs/chat.md): every
// visitor profile linked to the person, with its sessions (IP address, user agent), the pages
// visited, and the chats with their messages and files (names, types and sizes: the bytes
// are not in the document, as for ticket attachments). Agents appear as "support".

/** One page per visitor profile linked to the person. */
export async function* chatVisitorsForExport(ctx: Ctx, uid: number): AsyncGenerator<Json[]> {
  for (const v of await visitorsOfUser(ctx.db, uid)) {
    const sessions = await sessionsOfVisitors(ctx.db, [v.id]);
    const pages = await pagesOfSessions(ctx.db, sessions.map((s) => s.id));
    const chats = await getChats(ctx.db, await chatIdsOfVisitors(ctx.db, [v.id]));
    chats.sort((a, b) => a.id - b.id);
    const ids = chats.map((c) => c.id);
    const [messages, files] = await Promise.all([messagesOfChats(ctx.db, ids), filesOfChats(ctx.db, ids)]);
    yield [
      {
        id: v.id,
        name: v.name,
        email: v.email,
        phone: v.phone,
        notes: v.notes,
        created_at: sec(v.created_at),
        last_seen_at: sec(v.last_seen_at),
        sessions: sessions.map((s) => ({
          id: s.id,
          ip: s.ip,
          user_agent: s.user_agent,
          started_at: sec(s.started_at),
          last_seen_at: sec(s.last_seen_at),
          pages: pages.filter((p) => p.session_id === s.id).map((p) => ({ url: p.url, title: p.title, visited_at: sec(p.visited_at) })),
        })),
        chats: chats.map((c) => ({
          id: c.id,
          status: c.status,
          ticket_id: c.ticket_id,
          started_at: sec(c.started_at),
          ended_at: sec(c.ended_at),
          tags: c.tags ? (JSON.parse(c.tags) as string[]) : [],
          messages: messages
            .filter((m) => m.chat_id === c.id)
            .map((m) => ({ id: m.id, from: m.author_kind === 'visitor' ? 'you' : m.author_kind === 'agent' ? 'support' : 'system', text: m.body, created_at: sec(m.created_at) })),
          files: files
            .filter((f) => f.chat_id === c.id)
            .map((f) => ({ id: f.id, file_name: f.file_name, content_type: f.content_type, size: f.size, redacted: f.redacted === 1, created_at: sec(f.created_at) })),
        })),
      },
    ];
  }
}
