import type { FastifyRequest } from 'fastify';
import { readResults } from '../../search/read-results.ts';
import type { SearchRow } from '../../search/service.ts';
import { presentTickets } from './tickets.ts';
import { presentUsers } from './users.ts';
import { presentOrganization } from './organizations.ts';
import { presentGroup } from './groups.ts';
import type { SearchHighlight, SearchResult } from '../../shared/search.ts';

/**
 * Search results in Zendesk's shape: each the resource's usual object plus `result_type`,
 * in the order given, and `highlights` when given (GET /search). A row that stopped matching
 * since (deleted a moment ago) is left out.
 */
export async function presentSearchResults(req: FastifyRequest, rows: SearchRow[], highlights?: Map<string, SearchHighlight[]>): Promise<SearchResult[]> {
  const { tickets, users, organizations, groups } = await readResults(req.ctx, { rows });
  const shown = new Map<string, SearchResult>();
  const put = (r: SearchResult) => shown.set(`${r.result_type}:${r.id}`, r);
  (await presentTickets(req, tickets)).forEach((t) => put({ ...t, result_type: 'ticket' }));
  (await presentUsers(req, users)).forEach((u) => put({ ...u, result_type: 'user' }));
  organizations.forEach((o) => put({ ...presentOrganization(req, o), result_type: 'organization' }));
  groups.forEach((g) => put({ ...presentGroup(req, g), result_type: 'group' }));
  return rows.flatMap((r) => {
    const key = `${r.result_type}:${r.id}`;
    const obj = shown.get(key);
    if (!obj) return [];
    return [highlights ? { ...obj, highlights: highlights.get(key) ?? [] } : obj];
  });
}
