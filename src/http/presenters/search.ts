import type { FastifyRequest } from 'fastify';
import { readResults } from '../../search/read-results.ts';
import type { SearchRow } from '../../search/service.ts';
import { presentTickets } from './tickets.ts';
import { presentUsers } from './users.ts';
import { presentOrganization } from './organizations.ts';
import { presentGroup } from './groups.ts';

/**
 * Search results in Zendesk's shape: each the resource's usual object plus `result_type`,
 * in the order given. A row that stopped matching since (deleted a moment ago) is left out.
 */
export async function presentSearchResults(req: FastifyRequest, rows: SearchRow[]): Promise<Record<string, unknown>[]> {
  const { tickets, users, organizations, groups } = await readResults(req.ctx, { rows });
  const shown = new Map<string, Record<string, unknown>>();
  const put = (type: string, id: number, obj: object) => shown.set(`${type}:${id}`, { ...obj, result_type: type });
  (await presentTickets(req, tickets)).forEach((t) => put('ticket', t.id, t));
  (await presentUsers(req, users)).forEach((u) => put('user', u.id, u));
  organizations.forEach((o) => put('organization', o.id, presentOrganization(req, o)));
  groups.forEach((g) => put('group', g.id, presentGroup(req, g)));
  return rows.flatMap((r) => {
    const obj = shown.get(`${r.result_type}:${r.id}`);
    return obj ? [obj] : [];
  });
}
