import { admins, api, type Row } from './roles-table.ts';

// Incremental exports (docs/exports.md): a copy of the whole helpdesk, so admins only, as in
// Zendesk; agents (with or without the delete-tickets permission) are refused before anything
// is read or recorded in the erasure ledger.

const at = (path: string) => ({ make: async () => ({ url: api(path) }) });

export const exportRows: Row[] = [
  { area: 'Incremental exports', action: 'export tickets by time', method: 'GET', path: '/incremental/tickets?start_time=', expect: admins(200), ...at('/incremental/tickets?start_time=0') },
  { area: 'Incremental exports', action: 'export tickets by cursor', method: 'GET', path: '/incremental/tickets/cursor?start_time=', expect: admins(200), ...at('/incremental/tickets/cursor?start_time=0') },
  { area: 'Incremental exports', action: 'export tickets (legacy path)', method: 'GET', path: '/exports/tickets?start_time=', expect: admins(200), ...at('/exports/tickets?start_time=0') },
  { area: 'Incremental exports', action: 'export users by time', method: 'GET', path: '/incremental/users?start_time=', expect: admins(200), ...at('/incremental/users?start_time=0') },
  { area: 'Incremental exports', action: 'export users by cursor', method: 'GET', path: '/incremental/users/cursor?start_time=', expect: admins(200), ...at('/incremental/users/cursor?start_time=0') },
  { area: 'Incremental exports', action: 'export organizations', method: 'GET', path: '/incremental/organizations?start_time=', expect: admins(200), ...at('/incremental/organizations?start_time=0') },
  {
    area: 'Incremental exports', action: 'export ticket events with comments', method: 'GET', path: '/incremental/ticket_events?start_time=&include=comment_events', expect: admins(200),
    ...at('/incremental/ticket_events?start_time=0&include=comment_events'),
  },
  { area: 'Incremental exports', action: 'follow the erasure feed', method: 'GET', path: '/incremental/erasures?start_time=', expect: admins(200), ...at('/incremental/erasures?start_time=0') },
];
