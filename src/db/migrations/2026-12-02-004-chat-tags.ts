import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// A chat's tags, as Zendesk Chat's chat object carries them (PUT /chat/chats/{id}): a JSON
// array of short words, set by agents. A tag can name a person ("anna-refund"), so the
// column is personal data and goes with the chat (src/domain/erasure/map/chat.ts).

export async function up(db: Kysely<any>, _caps: DialectCaps): Promise<void> {
  await db.schema.alterTable('chats').addColumn('tags', 'text').execute();
}
