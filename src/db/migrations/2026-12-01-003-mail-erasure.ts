import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.
// Stored mail follows the person (issue 9, items 4 and 5). Fates: src/domain/erasure/map/mail.ts.

export async function up(db: Kysely<any>): Promise<void> {
  // Who a stored raw message names in its address headers (From, To, Cc, Reply-To, Sender),
  // written when it arrives: an erasure finds every message that names the person by this
  // index, on their tickets and on everyone else's, whatever became of the CC list since.
  // Ids only; the addresses stay in the message itself.
  await db.schema
    .createTable('raw_message_people')
    .addColumn('raw_message_id', 'integer', (c) => c.notNull().references('raw_messages.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('raw_message_people_pk', ['raw_message_id', 'user_id'])
    .execute();
  await db.schema.createIndex('raw_message_people_user').on('raw_message_people').column('user_id').execute();

  // The sha256 of each message id an erasure took out of stored mail (the same hash as
  // ticket_message_ids): a later reply quoting one (In-Reply-To, References) threads by it,
  // and has it replaced on arrival, so the erased person's domain does not come back.
  await db.schema
    .createTable('erased_message_ids')
    .addColumn('message_id_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Matches without a term (a file the person sent, a CC list they are on) are one per place:
  // a re-plan finds them again without adding a second row (NULL terms are distinct in the
  // unique index of migration 006).
  await db.schema
    .createIndex('erasure_request_matches_termless')
    .on('erasure_request_matches')
    .columns(['request_id', 'location', 'source_id'])
    .unique()
    .where(sql.ref('term_id'), 'is', null)
    .execute();
}
