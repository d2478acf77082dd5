import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { GroupsTable } from '../../db/schema.ts';
import { countGroups, listGroups as listGroupRows } from '../../db/queries/groups.ts';
import type { PageSource } from '../page-source.ts';

/** Every group, as pages. */
export function listGroups(ctx: Ctx): PageSource<Selectable<GroupsTable>> {
  return { fetch: (p) => listGroupRows(ctx.db, p), count: () => countGroups(ctx.db) };
}
