import type { SessionInfo, User } from './types.ts';

// Which buttons to show: the server's abilities (src/domain/policy.ts, sent with the
// session) plus the per-person rules of docs/permissions.md. The server still decides; this only
// keeps people from being offered what will be refused.

export type UserOp = 'suspend' | 'unsuspend' | 'delete' | 'restore' | 'erase' | 'update';

/** May the signed-in person do `op` to this user? */
export function canManage(me: SessionInfo, target: Pick<User, 'id' | 'role'> & { is_owner?: boolean }, op: UserOp): boolean {
  if (!me.abilities.work_tickets) return false;
  const destructive = op === 'suspend' || op === 'delete' || op === 'erase';
  if (destructive && target.id === me.user.id) return false;
  if (destructive && target.is_owner) return false;
  if (op === 'erase' && !me.abilities.erase_users) return false;
  if (target.role !== 'end-user' && me.user.role !== 'admin') return false;
  return true;
}

/**
 * May the signed-in person download this person's data (GET /users/{id}/export)? Staff
 * export contacts and themselves; another agent's or admin's data is for admins.
 */
export function canExport(me: SessionInfo, target: Pick<User, 'id' | 'role'>): boolean {
  if (!me.abilities.work_tickets) return false;
  return target.role === 'end-user' || target.id === me.user.id || me.abilities.settings;
}

/** What "Delete forever" erases for a contact (docs/lifecycle.md), said the same way everywhere. */
export const CONTACT_ERASE_WORDS = [
  'their profile: name, email addresses, phone numbers, notes, tags and custom fields (a stub named “Permanently Deleted User” keeps the id)',
  'every ticket they requested, including those in Spam, down to a tombstone without subject, comments or attachments',
  'their identities, organization and group memberships',
  'their copies in the search index and the stored raw emails',
];

/** What "Delete forever" erases for a ticket (docs/lifecycle.md). */
export const TICKET_ERASE_WORDS = [
  'the subject, description and every comment',
  'attachments and inline images',
  'tags, custom fields and CC lists',
  'only a tombstone stays: id, channel, dates, status “deleted” and who was involved (ids)',
];
