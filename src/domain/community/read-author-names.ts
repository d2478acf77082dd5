import type { Ctx } from '../../context.ts';
import { getUsers } from '../../db/queries/users.ts';

/** The names the public pages show beside posts and comments (a name only: never an email). */
export async function readAuthorNames(ctx: Ctx, input: { ids: number[] }): Promise<Map<number, string>> {
  const uniq = [...new Set(input.ids)];
  const rows = uniq.length ? await getUsers(ctx.db, uniq) : [];
  return new Map(rows.map((u) => [u.id, u.erased_at ? 'Permanently Deleted User' : u.name]));
}
