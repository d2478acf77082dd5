import type { Ctx } from '../../context.ts';
import type { Invitation } from '../../shared/auth.ts';
import { createUser } from '../contacts/create-user.ts';
import { authorize, canAdminister } from '../policy.ts';
import { issuePasswordLink, type PasswordLink } from './issue-password-link.ts';

/**
 * Creates an agent or admin (admins only) and a one-time link for them to choose their
 * password. Should the link fail after the user was created, an admin issues a new one.
 */
export async function inviteAgent(ctx: Ctx, input: Invitation): Promise<PasswordLink> {
  authorize(canAdminister(ctx.actor!));
  const role = input.role ?? 'agent';
  const userId = await createUser(ctx, {
    name: input.name,
    email: input.email,
    role,
    verified: true,
    ...(role === 'agent' && input.can_delete_tickets !== undefined ? { can_delete_tickets: input.can_delete_tickets } : {}),
  });
  return issuePasswordLink(ctx, { userId, purpose: 'invite' });
}
