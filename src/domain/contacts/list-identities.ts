import type { Ctx } from '../../context.ts';
import { countIdentitiesOf, listIdentitiesOf } from '../../db/queries/user-lists.ts';
import type { Selectable } from 'kysely';
import type { IdentitiesTable } from '../../db/schema.ts';
import type { PageSource } from '../page-source.ts';
import { readUser } from './read-user.ts';

export interface ListIdentitiesInput {
  userId: number;
}

/** A live user's live identities, as pages; 404 for a user who is not live. */
export async function listIdentities(ctx: Ctx, input: ListIdentitiesInput): Promise<PageSource<Selectable<IdentitiesTable>>> {
  const { userId } = input;
  await readUser(ctx, { userId, shown: 'live' });
  return { fetch: (p) => listIdentitiesOf(ctx.db, userId, p), count: () => countIdentitiesOf(ctx.db, userId) };
}
