// A chat's history in one order, shared by the Chat API's `history` array and the
// `chat_index` of Zendesk's redaction bodies, so an index means the same entry in both.

interface MessageLike {
  id: number;
  created_at: string;
}
interface FileLike {
  id: number;
  message_id: number | null;
  created_at: string;
}

export type HistoryItem<M, F> = { kind: 'message'; row: M } | { kind: 'file'; row: F };

/** Messages in time order, each file right after its message (a file without one at its own time). */
export function historyItems<M extends MessageLike, F extends FileLike>(messages: M[], files: F[]): HistoryItem<M, F>[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const keyed: { key: [string, number, number, number]; item: HistoryItem<M, F> }[] = [];
  for (const m of messages) keyed.push({ key: [m.created_at, m.id, 0, 0], item: { kind: 'message', row: m } });
  for (const f of files) {
    const m = f.message_id !== null ? byId.get(f.message_id) : undefined;
    keyed.push({ key: m ? [m.created_at, m.id, 1, f.id] : [f.created_at, Number.MAX_SAFE_INTEGER, 1, f.id], item: { kind: 'file', row: f } });
  }
  keyed.sort((a, b) => {
    for (let i = 0; i < 4; i++) {
      const x = a.key[i]!;
      const y = b.key[i]!;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}
