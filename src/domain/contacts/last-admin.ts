import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { countLiveAdmins } from '../../db/queries/users.ts';

/**
 * Is this user the last admin who can act (live and not suspended)? Deleting or demoting
 * them would leave nobody able to administer the account, so both actions refuse it.
 */
export async function isLastAdmin(db: Kysely<Database>, user: { role: string; suspended: number }): Promise<boolean> {
  return user.role === 'admin' && !user.suspended && (await countLiveAdmins(db)) <= 1;
}
