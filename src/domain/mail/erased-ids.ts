import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { erasedAmong } from '../../db/queries/mail-people.ts';
import { rewriteRawMessage } from '../redaction/raw-mail.ts';
import { hashMessageId } from './message-ids.ts';

// A reply that arrives after a person's erasure may still quote their message ids (In-Reply-To,
// References carry their domain). It threads by the ids' hashes as any reply does; the stored
// copy has those ids replaced as the erasure replaced them, so the person does not come back
// into stored mail through someone else's client (issue 9, item 4).

/** The message as it is to be stored: with ids an erasure took out replaced; the same bytes when there are none. */
export async function withoutErasedIds(db: Kysely<Database>, raw: Buffer, ids: string[]): Promise<Buffer> {
  const hashes = new Map(ids.slice(0, 100).map((id) => [hashMessageId(id), id]));
  const erased = await erasedAmong(db, [...hashes.keys()]);
  if (!erased.size) return raw;
  const r = await rewriteRawMessage(raw, { messageIds: (id) => erased.has(hashMessageId(id)) });
  return r.changed ? r.data : raw;
}
