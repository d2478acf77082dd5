import { sql, type Kysely } from 'kysely';

// The retention sweep looks for deleted contacts not yet erased. Erased stubs keep their
// deleted_at forever, so without this partial index that lookup would walk every stub
// ever made; with it, it walks only the contacts still waiting in Deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('users_deleted_pending_erasure')
    .on('users')
    .column('deleted_at')
    .where(sql.ref('erased_at'), 'is', null)
    .execute();
}
