import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function readSettings(db: Kysely<Database>): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('account_settings').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
}

export async function writeSettings(db: Kysely<Database>, values: Record<string, unknown>, now: string): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    await db
      .insertInto('account_settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
  }
}
