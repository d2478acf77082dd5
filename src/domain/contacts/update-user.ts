import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { UsersTable } from '../../db/schema.ts';
import { identitiesOf, replaceUserTags, updateUserRow } from '../../db/queries/users.ts';
import { defaultOrganizationMembershipOf, setDefaultOrganizationMembershipById } from '../../db/queries/memberships.ts';
import { deleteOrganizationMembershipRow } from '../../db/queries/memberships.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { UserUpdate } from '../../shared/users.ts';
import { authorize, canAdminister, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { isLastAdmin } from './last-admin.ts';
import { requireLiveUser } from './live-user.ts';
import { setDefaultOrganization } from './organization-membership.ts';
import { setPrimaryValue } from './primary-identity.ts';
import { suspendContact, unsuspendContact } from './suspend-contact.ts';

const PLAIN_FIELDS = ['alias', 'external_id', 'notes', 'details', 'locale', 'time_zone'] as const;

export interface UpdateUserInput {
  userId: number;
  changes: UserUpdate;
}

/**
 * Changes a live user's profile. `suspended` goes through suspend/unsuspend; `email` and
 * `phone` set the primary identity; role changes are for admins, and the last admin
 * (and the account owner) stay admins.
 */
export async function updateUser(ctx: Ctx, { userId, changes: input }: UpdateUserInput): Promise<void> {
  const actor = ctx.actor!;
  const now = ctx.now().toISOString();
  const before = await requireLiveUser(ctx.db, userId);
  // Every permission is checked before the first write, so a refused update changes nothing.
  authorize(canManageUser(actor, before, 'update'));
  const wantsSuspend = input.suspended !== undefined && (input.suspended ? 1 : 0) !== before.suspended;
  if (wantsSuspend) authorize(canManageUser(actor, before, input.suspended ? 'suspend' : 'unsuspend'));
  const roleChange = input.role !== undefined && input.role !== before.role;
  if (roleChange || input.can_delete_tickets !== undefined) authorize(canAdminister(actor));

  const fields: string[] = [];
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const user = await requireLiveUser(trx, userId);
      const role = input.role ?? user.role;
      const patch: Updateable<UsersTable> = {};
      if (roleChange) {
        if (user.is_owner) throw invalidField('role', 'The account owner is always an admin.');
        if (await isLastAdmin(trx, user)) {
          throw invalidField('role', 'This is the last admin; make someone else an admin first.');
        }
        patch.role = role;
        // The permission is an agent's; admins have it anyway and end users never do.
        if (role !== 'agent') patch.can_delete_tickets = 0;
      }
      if (input.can_delete_tickets !== undefined) {
        if (role !== 'agent') throw invalidField('can_delete_tickets', 'applies to agents only');
        patch.can_delete_tickets = input.can_delete_tickets ? 1 : 0;
      }
      if (input.name !== undefined) patch.name = input.name.trim();
      for (const f of PLAIN_FIELDS) if (input[f] !== undefined) patch[f] = input[f] ?? null;
      if (input.verified !== undefined) patch.verified = input.verified ? 1 : 0;
      if (input.user_fields !== undefined) {
        // Zendesk merges: only the fields sent change.
        const merged = { ...(user.user_fields ? JSON.parse(user.user_fields) : {}), ...input.user_fields };
        patch.user_fields = JSON.stringify(merged);
      }
      fields.push(...Object.keys(patch));
      if (input.email !== undefined) {
        await setPrimaryValue(trx, { id: userId, role }, 'email', input.email ?? null, input.verified ?? false, now);
        fields.push('email');
      }
      if (input.phone !== undefined) {
        await setPrimaryValue(trx, { id: userId, role }, 'phone_number', input.phone ?? null, input.verified ?? false, now);
        fields.push('phone');
      }
      if (roleChange && role !== 'end-user') {
        const emails = (await identitiesOf(trx, [userId])).filter((i) => i.type === 'email' && i.released === 0);
        if (emails.length === 0) throw invalidField('email', 'Agents and admins need an email address.');
      }
      if (input.tags !== undefined) {
        await replaceUserTags(trx, userId, [...new Set(input.tags)]);
        fields.push('tags');
      }
      if (input.organization_id !== undefined) {
        if (input.organization_id === null) {
          const current = await defaultOrganizationMembershipOf(trx, userId);
          if (current) await deleteOrganizationMembershipRow(trx, current.id);
          await setDefaultOrganizationMembershipById(trx, userId, null, now);
        } else {
          await setDefaultOrganization(trx, userId, input.organization_id, now);
        }
        fields.push('organization_id');
      }
      if (fields.length === 0) return;
      await updateUserRow(trx, userId, { ...patch, updated_at: now });
      await recordEvent(ctx, trx, {
        action: 'user.updated',
        subjectType: 'user',
        subjectId: userId,
        details: roleChange ? { fields, role_from: user.role, role_to: role } : { fields },
      });
    });
  } catch (err) {
    // Another request took the address between our check and our write.
    if (isUniqueViolation(err)) throw invalidField(input.email !== undefined ? 'email' : 'phone', 'is already being used by another user');
    throw err;
  }
  if (wantsSuspend) {
    if (input.suspended) await suspendContact(ctx, { userId });
    else await unsuspendContact(ctx, { userId });
  }
}
