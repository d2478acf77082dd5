import type { Kysely } from 'kysely';

// Mail loops stopped by volume (docs/email.md, "Mail loops"): how many messages a sender
// wrote in the last minutes is counted from their email comments, and how recently they
// were acknowledged from the outbox, so no new table holds anything about them. These
// indexes keep both counts to the rows of that one person.
//
// Addresses are compared in one spelling now (canonicalEmail): a key stored with a trailing
// dot (`her@example.com.`) loses it, unless a live identity already holds the dotless key,
// which stays the one that matches.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_author_channel_created').on('comments').columns(['author_id', 'channel', 'created_at']).execute();
  await db.schema.createIndex('outbound_mail_recipient_kind').on('outbound_mail').columns(['recipient_id', 'kind', 'created_at']).execute();
  await dropTrailingDots(db);
}

/** Email keys stored with a trailing dot lose it, unless a live identity already holds the dotless key. */
export async function dropTrailingDots(db: Kysely<any>): Promise<void> {
  const dotted = await db
    .selectFrom('identities')
    .select(['id', 'value', 'value_key', 'released'])
    .where('type', '=', 'email')
    .where('value_key', 'like', '%.')
    .orderBy('id')
    .execute();
  for (const row of dotted as { id: number; value: string; value_key: string; released: number }[]) {
    const key = row.value_key.replace(/\.+$/, '');
    const taken = await db
      .selectFrom('identities')
      .select('id')
      .where('type', '=', 'email')
      .where('value_key', '=', key)
      .where('released', '=', 0)
      .executeTakeFirst();
    if (taken && row.released === 0) continue;
    await db.updateTable('identities').set({ value_key: key, value: row.value.replace(/\.+$/, '') }).where('id', '=', row.id).execute();
  }
}
