import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The live contact whose unreleased phone identity has this E.164 key, or null. */
export async function liveUserByPhone(db: Kysely<Database>, phoneKey: string): Promise<number | null> {
  const r = await db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select('users.id')
    .where('identities.type', '=', 'phone_number')
    .where('identities.value_key', '=', phoneKey)
    .where('identities.released', '=', 0)
    .where('users.deleted_at', 'is', null)
    .where('users.erased_at', 'is', null)
    .orderBy('users.id')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}
