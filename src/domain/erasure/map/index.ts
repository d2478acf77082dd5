import { coreMap } from './core.ts';
import type { AreaMap, ErasureMap, TableFate } from './types.ts';

// The whole erasure map, merged from one file per area. A new area (mail, chat, help
// centre, …) adds `map/<area>.ts` exporting an AreaMap for its own tables, and one entry
// in AREAS below. Its migration without its map makes map.test.ts fail and erasure refuse.
const AREAS: Record<string, AreaMap> = {
  core: coreMap,
  mail: (await import('./mail.ts')).mailMap,
  sessions: (await import('./sessions.ts')).sessionsMap,
  search: (await import('./search.ts')).searchMap,
  erasure_requests: (await import('./erasure-requests.ts')).erasureRequestsMap,
  auth_attempts: (await import('./auth-attempts.ts')).authAttemptsMap,
  workspace: (await import('./workspace.ts')).workspaceMap,
  chat: (await import('./chat.ts')).chatMap,
  calls: (await import('./calls.ts')).callsMap,
  help_centre: (await import('./help-centre.ts')).helpCentreMap,
  satisfaction: (await import('./satisfaction.ts')).satisfactionMap,
  recipients: (await import('./recipients.ts')).recipientsMap,
  webhooks: (await import('./webhooks.ts')).webhooksMap,
  reports: (await import('./reports.ts')).reportsMap,
};

/** Tables that belong to Kysely's migrator, not to Oubli: the only ones without a fate. */
export const IGNORED_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

function merge(areas: Record<string, AreaMap>): ErasureMap {
  const out: ErasureMap = {};
  const owner: Record<string, string> = {};
  for (const [area, map] of Object.entries(areas)) {
    for (const [table, fate] of Object.entries(map) as [string, TableFate][]) {
      if (owner[table]) throw new Error(`erasure map: table ${table} is declared by both ${owner[table]} and ${area}`);
      owner[table] = area;
      out[table] = fate;
    }
  }
  return out;
}

/** Every table's fate, all areas together. */
export const erasureMap: ErasureMap = merge(AREAS);

export { STUB_NAME } from './core.ts';
export * from './types.ts';
