import type { Actor } from '../../context.ts';

/** The actor a user row stands for, or null when they may not act (deleted, suspended). */
export function actorOf(u: {
  id: number;
  role: string;
  is_owner: number;
  can_delete_tickets: number;
  suspended: number;
  deleted_at: string | null;
}): Actor | null {
  if (u.deleted_at || u.suspended) return null;
  return {
    id: u.id,
    role: u.role as Actor['role'],
    isOwner: u.is_owner === 1,
    canDeleteTickets: u.can_delete_tickets === 1,
  };
}
