import { z } from 'zod';
import { offsetList } from './envelopes.ts';
import { GroupSchema } from './groups.ts';
import { OrganizationSchema } from './organizations.ts';
import { TicketSchema } from './tickets.ts';
import { UserSchema } from './users.ts';

// Search results (GET /search, /search/export): each the resource's usual object plus its
// `result_type`. The query shapes are in query.ts.

export const SearchResultSchema = z.discriminatedUnion('result_type', [
  TicketSchema.extend({ result_type: z.literal('ticket') }),
  UserSchema.extend({ result_type: z.literal('user') }),
  OrganizationSchema.extend({ result_type: z.literal('organization') }),
  GroupSchema.extend({ result_type: z.literal('group') }),
]);
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** GET /search: one offset page of results (`facets` is always null). */
export const SearchPageSchema = offsetList('results', SearchResultSchema).extend({ facets: z.null() });
export type SearchPage = z.infer<typeof SearchPageSchema>;
