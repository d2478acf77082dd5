import { z } from 'zod';
import type { Role } from './users.ts';

// Who may do what (docs/permissions.md), as pure functions of the actor and the target.
// The server authorizes every action with them (src/domain/policy.ts adds the 403), and the
// web app imports the same functions to show only the buttons that will work.

export type Decision = { ok: true } | { ok: false; reason: string };

const yes: Decision = { ok: true };
const no = (reason: string): Decision => ({ ok: false, reason });

/** The facts about the person acting that the rules look at (the server's Actor has them). */
export interface PolicyActor {
  id: number;
  role: Role;
  canDeleteTickets: boolean;
}

/** The facts about a person that the rules look at. */
export interface TargetUser {
  id: number;
  role: Role;
  /** 1 or true for the account owner. */
  is_owner: number | boolean;
}

export type UserOp = 'update' | 'suspend' | 'unsuspend' | 'delete' | 'restore' | 'erase';

function isStaff(actor: PolicyActor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}

/** May the actor work in the agent area at all (tickets, contacts, views)? */
export function canWorkTickets(actor: PolicyActor): Decision {
  return isStaff(actor) ? yes : no('Only agents and admins can do this.');
}

export function canAdminister(actor: PolicyActor): Decision {
  return actor.role === 'admin' ? yes : no('Only admins can do this.');
}

/** May the actor create a user with this role? Agents create end users only. */
export function canCreateUser(actor: PolicyActor, role: Role): Decision {
  if (!isStaff(actor)) return no('Only agents and admins can create users.');
  if (role !== 'end-user' && actor.role !== 'admin') return no('Only admins can create agents and admins.');
  return yes;
}

/** May the actor do `op` to `target`? The last-admin rule needs a count and lives in the action. */
export function canManageUser(actor: PolicyActor, target: TargetUser, op: UserOp): Decision {
  if (!isStaff(actor)) return no('Only agents and admins can manage users.');
  const destructive = op === 'suspend' || op === 'delete' || op === 'erase';
  if (destructive && target.is_owner) return no('The account owner can never be deleted or suspended.');
  if (destructive && target.id === actor.id) return no('You cannot delete or suspend yourself.');
  if (op === 'erase' && actor.role !== 'admin') return no('Only admins can permanently delete users.');
  if (target.role !== 'end-user' && actor.role !== 'admin') {
    return no('Agents can only manage end users; ask an admin to change agents and admins.');
  }
  return yes;
}

/**
 * May the actor download this person's data (GET /users/{id}/export)? Staff export contacts
 * and themselves; another agent's or admin's data is for admins.
 */
export function canExportUser(actor: PolicyActor, target: Pick<TargetUser, 'id' | 'role'>): Decision {
  const staff = canWorkTickets(actor);
  if (!staff.ok) return staff;
  if (target.role !== 'end-user' && target.id !== actor.id) return canAdminister(actor);
  return yes;
}

/** Moving a ticket to Deleted tickets, or erasing it, needs the delete-tickets permission. */
export function canDeleteTickets(actor: PolicyActor): Decision {
  if (actor.role === 'admin') return yes;
  if (actor.role === 'agent' && actor.canDeleteTickets) return yes;
  return no('You need the delete tickets permission to delete tickets.');
}

/**
 * Redaction (a string, an attachment, or the marked passages of comment_redactions) removes
 * data for good, so it needs the delete-tickets permission, as in Zendesk.
 */
export function canRedact(actor: PolicyActor): Decision {
  if (canDeleteTickets(actor).ok) return yes;
  return no('You need the delete tickets permission to redact.');
}

/**
 * Deleting a call recording (and its transcript) is for good, so it needs the delete-tickets
 * permission, as in Zendesk (docs/calls.md).
 */
export function canDeleteRecordings(actor: PolicyActor): Decision {
  if (canDeleteTickets(actor).ok) return yes;
  return no('You need the delete tickets permission to delete call recordings.');
}

/** Deleting a chat whole, or a visitor with their chats, is for admins (docs/chat.md): as Zendesk's messaging conversations. */
export function canDeleteChat(actor: PolicyActor): Decision {
  return actor.role === 'admin' ? yes : no('Only admins can delete chats and visitors.');
}

/**
 * Deleting a chat's files, or redacting a string in a chat, needs the delete-tickets
 * permission, as deleting chat attachments does in Zendesk.
 */
export function canDeleteChatFiles(actor: PolicyActor): Decision {
  if (canDeleteTickets(actor).ok) return yes;
  return no('You need the delete tickets permission to delete or redact chat files and messages.');
}

/** Writing articles and their translations in the help centre (docs/help-centre.md): staff. */
export function canWriteArticles(actor: PolicyActor): Decision {
  return isStaff(actor) ? yes : no('Only agents and admins can write help centre articles.');
}

/**
 * Shaping the help centre and removing from it: categories, sections, community topics,
 * archiving, restoring and deleting articles forever, moderating community posts and
 * comments. Admins, as Guide admins in Zendesk.
 */
export function canManageHelpCentre(actor: PolicyActor): Decision {
  return actor.role === 'admin' ? yes : no('Only admins can manage the help centre.');
}

/**
 * Taking part in the help centre (docs/help-centre-community.md): posting in the community,
 * commenting on posts and articles, voting. Anyone signed in: end users (by an emailed link
 * on /hc), agents and admins.
 */
export function canTakePartInHelpCentre(actor: PolicyActor | null): Decision {
  return actor ? yes : no('Sign in to post, comment or vote.');
}

/**
 * Changing or deleting a post or comment someone wrote: its author, or an admin moderating.
 * Zendesk's moderator-only post fields (status, pinned, featured, closed) need an admin.
 */
export function canChangeHelpCentreItem(actor: PolicyActor | null, authorId: number): Decision {
  if (!actor) return no('Sign in to change what you wrote.');
  if (actor.id === authorId || actor.role === 'admin') return yes;
  return no('Only its author or an admin can change or delete this.');
}

/**
 * A string redaction in an article (every translation and revision) removes text for good,
 * so it needs the delete-tickets permission, as every redaction does.
 */
export function canRedactArticles(actor: PolicyActor): Decision {
  if (canDeleteTickets(actor).ok) return yes;
  return no('You need the delete tickets permission to redact.');
}

/** The ticket states shown to staff through /tickets: active ones, and Spam ones by id. */
export function ticketShown(state: string): boolean {
  return state === 'active' || state === 'spam';
}

/** The facts about a stored file that decide who may read it. */
export interface AttachmentFacts {
  /** Null while it is an upload not yet used in a comment. */
  commentId: number | null;
  uploaderId: number | null;
  /** The state of its ticket; null for an upload or a ticket that is gone. */
  ticketState: string | null;
  redacted: boolean;
}

/**
 * May the actor read this file (metadata or bytes)? An unused upload is its uploader's
 * alone; a comment's file follows its ticket (no one reads the files of a deleted or erased
 * ticket); a redacted file has nothing left to read. The caller answers 404 on a refusal,
 * so that ids of files one cannot see are not confirmed.
 */
export function canReadAttachment(actor: PolicyActor, a: AttachmentFacts): Decision {
  if (!isStaff(actor)) return no('Only agents and admins can do this.');
  if (a.redacted) return no('This file was redacted.');
  if (a.commentId === null) return a.uploaderId !== null && a.uploaderId === actor.id ? yes : no('Only its uploader can read an upload.');
  if (a.ticketState === null || !ticketShown(a.ticketState)) return no('The ticket of this file cannot be seen.');
  return yes;
}

/** Bulk deletion and erasure of users is for admins (docs/permissions.md). */
export function canBulkDeleteUsers(actor: PolicyActor): Decision {
  return actor.role === 'admin' ? yes : no('Only admins can bulk delete users.');
}

/**
 * Reports and the retention watchdog (docs/reports.md): admins only, as in Zendesk Explore,
 * where only admins see every dashboard by default; they also show erasure requests.
 */
export function canReadReports(actor: PolicyActor): Decision {
  return actor.role === 'admin' ? yes : no('Only admins can read reports.');
}

/** What the actor may do (sent with the session), for the UI to show only the buttons that will work. */
export const AbilitiesSchema = z.object({
  work_tickets: z.boolean(),
  delete_tickets: z.boolean(),
  /** Redaction needs the delete-tickets permission (as in Zendesk). */
  redact: z.boolean(),
  manage_agents: z.boolean(),
  erase_users: z.boolean(),
  bulk_delete_users: z.boolean(),
  settings: z.boolean(),
  audit_log: z.boolean(),
  write_articles: z.boolean(),
  manage_help_centre: z.boolean(),
  /** The Reports page (docs/reports.md): admins, as Zendesk Explore's default roles. */
  reports: z.boolean(),
});
export type Abilities = z.infer<typeof AbilitiesSchema>;

export function abilitiesFor(actor: PolicyActor): Abilities {
  return {
    work_tickets: canWorkTickets(actor).ok,
    delete_tickets: canDeleteTickets(actor).ok,
    redact: canRedact(actor).ok,
    manage_agents: actor.role === 'admin',
    erase_users: actor.role === 'admin',
    bulk_delete_users: canBulkDeleteUsers(actor).ok,
    settings: canAdminister(actor).ok,
    audit_log: canAdminister(actor).ok,
    write_articles: canWriteArticles(actor).ok,
    manage_help_centre: canManageHelpCentre(actor).ok,
    reports: canReadReports(actor).ok,
  };
}

/**
 * Views and macros: shared ones (no owner) are managed by admins; a personal one only by
 * its owner (others are told it does not exist, see `ruleVisible`). Staff only.
 */
export function canManageRule(actor: PolicyActor, ownerId: number | null): Decision {
  if (!isStaff(actor)) return no('Only agents and admins can do this.');
  if (ownerId === null && actor.role !== 'admin') return no('Only admins can create or change shared views and macros; agents keep personal ones.');
  if (ownerId !== null && ownerId !== actor.id) return no('A personal view or macro can only be changed by its owner.');
  return yes;
}

/** A shared view or macro is seen by all staff; a personal one by its owner only. */
export function ruleVisible(actor: PolicyActor, ownerId: number | null): boolean {
  return isStaff(actor) && (ownerId === null || ownerId === actor.id);
}
