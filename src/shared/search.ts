import { z } from 'zod';
import { offsetList } from './envelopes.ts';
import { GroupSchema } from './groups.ts';
import { OrganizationSchema } from './organizations.ts';
import { TicketSchema } from './tickets.ts';
import { UserSchema } from './users.ts';

// Search results (GET /search, /search/export): each the resource's usual object plus its
// `result_type`. The query shapes are in query.ts.

/**
 * Where a result matched (Oubli extension, on GET /search): the field and its text as
 * HTML-escaped text whose only markup is <mark> around the query's words. `profile` is a
 * user's name, alias or notes; `identity` an email, phone or handle.
 */
export const SearchHighlightSchema = z.object({
  field: z.enum(['subject', 'comment', 'file_name', 'profile', 'identity', 'name']),
  html: z.string(),
});
export type SearchHighlight = z.infer<typeof SearchHighlightSchema>;

const highlights = { highlights: z.array(SearchHighlightSchema).optional() };

export const SearchResultSchema = z.discriminatedUnion('result_type', [
  TicketSchema.extend({ result_type: z.literal('ticket'), ...highlights }),
  UserSchema.extend({ result_type: z.literal('user'), ...highlights }),
  OrganizationSchema.extend({ result_type: z.literal('organization'), ...highlights }),
  GroupSchema.extend({ result_type: z.literal('group'), ...highlights }),
]);
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** GET /search: one offset page of results (`facets` is always null). */
export const SearchPageSchema = offsetList('results', SearchResultSchema).extend({ facets: z.null() });
export type SearchPage = z.infer<typeof SearchPageSchema>;
