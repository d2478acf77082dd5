import type { FastifyRequest } from 'fastify';
import type { ChatBundle } from '../../domain/chat/chat-bundle.ts';
import { historyItems } from '../../domain/chat/history.ts';
import type { VisitorRow } from '../../domain/chat/chat-bundle.ts';
import type { ChatHistoryEntry, ChatObject, ChatVisitor } from '../../shared/chats.ts';
import { apiBase, parseJson, ts } from './common.ts';

// The Zendesk Chat API's chat and visitor objects (docs/chat.md, "Chats as records"). Ids
// are strings, as Zendesk Chat's are; an empty text is "" (Zendesk sends "" for a missing
// visitor email or phone). Files are links to their bytes under this API, never the bytes.

/** The visitor object. */
export function presentVisitor(v: VisitorRow): ChatVisitor {
  return {
    id: String(v.id),
    name: v.name ?? '',
    email: v.email ?? '',
    phone: v.phone ?? '',
    notes: v.notes ?? '',
    user_id: v.user_id,
    created_at: ts(v.created_at),
    updated_at: ts(v.updated_at),
  };
}

const secs = (a: string, b: string) => Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000));

/** Chat objects for every chat of the bundle, in the bundle's order. */
export function presentChats(req: FastifyRequest, b: ChatBundle): ChatObject[] {
  const visitors = new Map(b.visitors.map((v) => [v.id, v]));
  const sessions = new Map(b.sessions.map((s) => [s.id, s]));
  const base = apiBase(req);
  return b.chats.map((c) => {
    const v = visitors.get(c.visitor_id)!;
    const visitorName = v.name || `Visitor ${v.id}`;
    const messages = b.messages.filter((m) => m.chat_id === c.id);
    const files = b.files.filter((f) => f.chat_id === c.id);
    const agentIds = [...new Set([...(c.agent_id !== null ? [c.agent_id] : []), ...messages.flatMap((m) => (m.agent_id !== null ? [m.agent_id] : []))])];
    const authorOf = (m: { author_kind: string; agent_id: number | null }) =>
      m.author_kind === 'visitor' ? { name: visitorName, nick: `visitor:${v.id}` } : { name: (m.agent_id !== null && b.names.get(m.agent_id)) || 'Agent', nick: `agent:${m.agent_id ?? 0}` };
    const history: ChatHistoryEntry[] = historyItems(messages, files).map((item) => {
      if (item.kind === 'file') {
        const f = item.row;
        const m = f.message_id !== null ? messages.find((x) => x.id === f.message_id) : undefined;
        const who = m ? authorOf(m) : { name: visitorName, nick: `visitor:${v.id}` };
        return {
          type: 'chat.file',
          id: f.id,
          ...who,
          timestamp: ts(f.created_at),
          attachment: {
            id: f.id,
            name: f.file_name,
            mime_type: f.content_type,
            size: f.size,
            redacted: f.redacted === 1,
            url: f.redacted === 1 ? null : `${base}/chat/chats/${c.id}/attachments/${f.id}/content`,
          },
        };
      }
      const m = item.row;
      const who = authorOf(m);
      const agent = m.agent_id !== null ? { agent_id: String(m.agent_id) } : {};
      if (m.author_kind === 'system') return { type: m.body === 'joined' ? 'chat.memberjoin' : 'chat.memberleave', id: m.id, ...who, timestamp: ts(m.created_at), ...agent };
      return { type: 'chat.msg', id: m.id, ...who, timestamp: ts(m.created_at), msg: m.body, ...agent };
    });
    const s = c.session_id !== null ? sessions.get(c.session_id) : undefined;
    const counted = messages.filter((m) => m.author_kind !== 'system');
    const visitorCount = counted.filter((m) => m.author_kind === 'visitor').length;
    return {
      id: String(c.id),
      type: 'chat',
      visitor: presentVisitor(v),
      session: s
        ? { id: String(s.id), ip: s.ip ?? '', user_agent: s.user_agent ?? '', start_date: ts(s.started_at), end_date: ts(s.last_seen_at) }
        : null,
      history,
      webpath: s ? b.pages.filter((p) => p.session_id === s.id).map((p) => ({ to: p.url, title: p.title ?? '', timestamp: ts(p.visited_at) })) : [],
      agent_ids: agentIds.map(String),
      agent_names: agentIds.map((id) => b.names.get(id) ?? ''),
      count: { visitor: visitorCount, agent: counted.length - visitorCount, total: counted.length },
      timestamp: ts(c.started_at),
      end_timestamp: ts(c.ended_at),
      update_timestamp: ts(c.updated_at),
      duration: c.ended_at ? secs(c.started_at, c.ended_at) : 0,
      status: c.status,
      // Zendesk's missed: the chat ended without an agent ever answering.
      missed: c.status === 'ended' && !messages.some((m) => m.author_kind === 'agent'),
      tags: parseJson<string[]>(c.tags, []),
      ticket_id: c.ticket_id,
      zendesk_ticket_id: c.ticket_id,
      external_id: c.external_id,
      started_by: messages.find((m) => m.author_kind !== 'system')?.author_kind === 'agent' ? 'agent' : 'visitor',
    };
  });
}
