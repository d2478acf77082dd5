import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readUsers } from '../../domain/contacts/read-users.ts';
import { readGroups } from '../../domain/groups/read-groups.ts';
import { readOrganizations } from '../../domain/organizations/read-organizations.ts';
import { OnceText } from '../../shared/query.ts';
import type { Ticket } from '../../shared/tickets.ts';
import { parseQuery } from '../query.ts';
import { presentGroup } from './groups.ts';
import { presentOrganization } from './organizations.ts';
import { presentUsers } from './users.ts';

// Zendesk's side-loading (`?include=users,groups,organizations`): the records a page of
// tickets points at, each once, in top-level arrays beside the tickets, so a client needs
// no request per requester. Names Oubli does not side-load are ignored, as Zendesk ignores
// the ones it does not know.

const SIDELOADS = ['users', 'groups', 'organizations'] as const;
type Sideload = (typeof SIDELOADS)[number];

const IncludeQuerySchema = z.object({ include: OnceText.max(200).optional() });

/** The side-loads a request asks for. */
function included(req: FastifyRequest): Set<Sideload> {
  const { include } = parseQuery(IncludeQuerySchema, req.query);
  const words = (include ?? '').split(',').map((w) => w.trim().toLowerCase());
  return new Set(SIDELOADS.filter((s) => words.includes(s)));
}

const unique = (ids: (number | null | undefined)[]) => [...new Set(ids.filter((i): i is number => typeof i === 'number'))];

/** The side-loaded arrays for these tickets (none unless asked for). */
export async function ticketSideloads(req: FastifyRequest, tickets: Ticket[]): Promise<Record<string, unknown[]>> {
  const want = included(req);
  const out: Record<string, unknown[]> = {};
  if (want.has('users')) {
    const ids = unique(tickets.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id, ...t.collaborator_ids]));
    // As /users/show_many shows them: a deleted contact's profile is not side-loaded either.
    out.users = await presentUsers(req, await readUsers(req.ctx, { userIds: ids, shown: 'live' }));
  }
  if (want.has('groups')) {
    out.groups = (await readGroups(req.ctx, { groupIds: unique(tickets.map((t) => t.group_id)) })).map((g) => presentGroup(req, g));
  }
  if (want.has('organizations')) {
    const rows = await readOrganizations(req.ctx, { organizationIds: unique(tickets.map((t) => t.organization_id)) });
    out.organizations = rows.map((o) => presentOrganization(req, o));
  }
  return out;
}
