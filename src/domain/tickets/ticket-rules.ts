import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database, TicketStatus } from '../../db/schema.ts';
import { getTicketForUpdate, groupExists, type TicketRow } from '../../db/queries/tickets.ts';
import { getUser, getUsers } from '../../db/queries/users.ts';
import { organizationExists } from '../../db/queries/memberships.ts';
import { type AppError, invalidField, notFound } from '../../errors.ts';
import { actingUserId } from '../auth/actor.ts';

// Checks shared by the ticket actions. Each one names the field it refuses, in Zendesk's
// 422 shape, and never quotes anyone's data except the requester's name in the answer
// Zendesk gives for a suspended requester ("Requester: NAME is suspended.").

/** The id to record as "who did it": null for the system (sweeps, mail). */
export function actorId(ctx: Ctx): number | null {
  return actingUserId(ctx.actor);
}

/** A closed ticket cannot be changed at all (docs/lifecycle.md); this is the text clients know. */
export function closedTicketError(): AppError {
  return invalidField('status', 'Status closed prevents ticket update');
}

export function spamTicketError(): AppError {
  return invalidField('status', 'This ticket is in Spam: mark it as not spam before changing it.');
}

/** The ticket for a write in this transaction; 404 when it does not exist or was erased. */
export async function lockTicket(ctx: Ctx, trx: Transaction<Database>, id: number): Promise<TicketRow> {
  const t = await getTicketForUpdate(trx, id, ctx.caps.rowLocks);
  if (!t || t.state === 'erased') throw notFound();
  return t;
}

/** A ticket that can be worked on: active, not closed. Deleted ones are 404 here (they live in Deleted tickets). */
export function assertEditable(t: TicketRow): void {
  if (t.state === 'deleted') throw notFound();
  if (t.state === 'spam') throw spamTicketError();
  if (t.status === 'closed') throw closedTicketError();
}

/** A requester must be a live, unsuspended user. */
export async function checkRequester(db: Kysely<Database>, id: number) {
  const u = await getUser(db, id);
  if (!u) throw invalidField('requester', 'Requester: there is no user with this id.');
  if (u.erased_at || u.erasing_since) throw invalidField('requester', 'Requester: this user was permanently deleted.');
  if (u.deleted_at) throw invalidField('requester', 'Requester: this user is deleted; restore the contact first.');
  if (u.suspended) throw invalidField('requester', `Requester: ${u.name} is suspended.`);
  return u;
}

/** An assignee must be a live agent or admin. */
async function checkAssignee(db: Kysely<Database>, id: number): Promise<void> {
  const u = await getUser(db, id);
  if (!u || u.deleted_at || u.erased_at || u.suspended || u.role === 'end-user') {
    throw invalidField('assignee_id', 'Assignee: must be an active agent or admin.');
  }
}

async function checkGroup(db: Kysely<Database>, id: number): Promise<void> {
  if (!(await groupExists(db, id))) throw invalidField('group_id', 'Group: there is no group with this id.');
}

async function checkOrganization(db: Kysely<Database>, id: number): Promise<void> {
  if (!(await organizationExists(db, id))) {
    throw invalidField('organization_id', 'Organization: there is no organization with this id.');
  }
}

/** CCs must be users that exist and are not deleted; duplicates and the requester are dropped. */
export async function checkCollaborators(db: Kysely<Database>, ids: number[], requesterId: number): Promise<number[]> {
  const unique = [...new Set(ids)].filter((id) => id !== requesterId);
  const users = await getUsers(db, unique);
  const live = new Set(users.filter((u) => !u.deleted_at && !u.erased_at).map((u) => u.id));
  const bad = unique.filter((id) => !live.has(id));
  if (bad.length) throw invalidField('collaborator_ids', `Collaborators: no active user with id ${bad.join(', ')}.`);
  return unique.sort((a, b) => a - b);
}

/** Checks every referenced record an input names. */
export async function checkReferences(
  db: Kysely<Database>,
  input: { assignee_id?: number | null; group_id?: number | null; organization_id?: number | null },
): Promise<void> {
  if (input.assignee_id) await checkAssignee(db, input.assignee_id);
  if (input.group_id) await checkGroup(db, input.group_id);
  if (input.organization_id) await checkOrganization(db, input.organization_id);
}

/** Tags as Zendesk keeps them: lower case, no spaces (a space separates tags), no duplicates. */
export function normalizeTags(tags: string[]): string[] {
  const out = new Set<string>();
  for (const raw of tags) {
    for (const tag of raw.toLowerCase().split(/[\s,]+/)) {
      if (!tag) continue;
      if (tag.length > 80) throw invalidField('tags', 'Tags: a tag is at most 80 characters.');
      out.add(tag);
    }
  }
  return [...out].sort();
}

export type CustomField = { id: number; value: unknown };

/** The stored custom field values (a JSON array of {id, value}). */
export function parseCustomFields(text: string | null): CustomField[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as CustomField[]) : [];
  } catch {
    return [];
  }
}

/** Custom field values by id: later values win, fields not named keep their value. */
export function mergeCustomFields(current: CustomField[], changes: CustomField[]): CustomField[] {
  const byId = new Map(current.map((f) => [f.id, f.value]));
  for (const f of changes) byId.set(f.id, f.value);
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([id, value]) => ({ id, value }));
}

/** Refuses `closed` from a create or update: closing is its own action. */
export function refuseClosedStatus(status: string | undefined): void {
  if (status === 'closed') {
    throw invalidField('status', 'Status: closed cannot be set here; solve the ticket, then an admin closes it with PUT /tickets/{id}/close.');
  }
}

/** solved_at follows the status: set when it becomes solved, cleared when it leaves solved. */
export function solvedAtFor(from: TicketStatus | null, to: TicketStatus, current: string | null, now: string): string | null {
  if (to === 'solved') return from === 'solved' ? current : now;
  if (to === 'closed') return current;
  return null;
}
