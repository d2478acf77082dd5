import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findLiveUserByEmail, getUser } from '../../db/queries/users.ts';
import { invalidField } from '../../errors.ts';
import type { VisitorUpdate } from '../../shared/chats.ts';
import { emailKey } from '../contacts/identity-values.ts';

// Visitors are not users (docs/chat.md): GET/PUT /chat/visitors/{id}, POST /chat/visitors.
// An agent links a visitor to a contact with `user_id`, or by an `email` that is a live
// contact's (when no user_id is given). Only an end user can be linked: staff are not
// visitors of their own site. `user_id: null` unlinks.

/** The contact a visitor update links to: `user_id` as given (a live end user), else a live contact with that email. */
export async function linkFor(db: Kysely<Database>, u: VisitorUpdate): Promise<{ user_id?: number | null }> {
  if (u.user_id !== undefined) {
    if (u.user_id === null) return { user_id: null };
    const user = await getUser(db, u.user_id);
    if (!user || user.deleted_at !== null || user.erased_at !== null) throw invalidField('user_id', 'user_id: no such contact (a deleted or erased one cannot be linked).');
    if (user.role !== 'end-user') throw invalidField('user_id', 'user_id: only a contact (an end user) can be linked to a visitor.');
    return { user_id: user.id };
  }
  const key = u.email ? emailKey(u.email) : null;
  if (!key) return {};
  const user = await findLiveUserByEmail(db, key);
  return user && user.role === 'end-user' ? { user_id: user.id } : {};
}

/** The visitor's own fields of an update (an empty email clears it). */
export function fieldsOf(u: VisitorUpdate) {
  const { user_id: _skip, ...rest } = u;
  return { ...rest, ...(rest.email === '' ? { email: null } : {}) };
}
