import type { ChatFileMeta, ChatMessageRow } from '../../db/queries/chat-chats.ts';

// The plain-text transcript a chat becomes when it is made into a ticket, as Zendesk writes
// it: one "(hh:mm:ss) Name: text" line per message (UTC), system events in words.

const EVENT_WORDS: Record<string, string> = { joined: 'joined the chat', left: 'left the chat', ended: 'ended the chat' };

/** The transcript of a chat's lines; `names` gives agents' names, `visitorName` the visitor's. */
export function chatTranscript(messages: ChatMessageRow[], files: ChatFileMeta[], names: Map<number, string>, visitorName: string): string {
  const out: string[] = [];
  for (const m of messages) {
    const time = m.created_at.slice(11, 19);
    const who = m.author_kind === 'visitor' ? visitorName : m.agent_id !== null ? (names.get(m.agent_id) ?? `Agent ${m.agent_id}`) : visitorName;
    if (m.author_kind === 'system') {
      out.push(`(${time}) ${who} ${EVENT_WORDS[m.body] ?? m.body}`);
      continue;
    }
    const attached = files.filter((f) => f.message_id === m.id).map((f) => f.file_name);
    out.push(`(${time}) ${who}: ${m.body}${attached.length ? ` [${attached.join(', ')}]` : ''}`);
  }
  return out.join('\n');
}
