import { SYSTEM_ACTOR, type Actor } from '../../context.ts';

/** Is this the system acting on its own (sweeps, mail, jobs queued by nobody)? */
export function isSystemActor(actor: Actor | null): boolean {
  return actor !== null && actor.id === SYSTEM_ACTOR.id;
}

/** The user id to record as "who did it": null for nobody and for the system, which is no user. */
export function actingUserId(actor: Actor | null): number | null {
  return actor && !isSystemActor(actor) ? actor.id : null;
}

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
