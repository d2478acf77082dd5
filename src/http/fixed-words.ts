import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

// `/users/count`, `/tickets/show_many`, `/users/me` are endpoints, never ids. A fixed word
// under a resource whose route for that method does not exist (GET /tickets/update_many,
// DELETE /users/me) falls to the `:id` route; answered there it would read as "no such
// record" (RecordNotFound), as if the client had the right endpoint and a wrong id. Every
// static segment of the API's routes is collected as they are registered, and an id
// parameter holding one of them is answered as the unknown endpoint it is (InvalidEndpoint).
// Other text in an id (`abc`, `-1`) names no record: RecordNotFound, as before (body.ts).

/**
 * Zendesk's endpoint words that Oubli may not have (yet) under every resource: a client
 * calling `/organizations/autocomplete` learns that the endpoint is missing, not the record.
 */
const ZENDESK_WORDS = ['autocomplete', 'recent', 'incremental', 'count_many', 'create_many', 'create_or_update', 'create_or_update_many', 'update_many', 'destroy_many', 'show_many', 'restore_many', 'mark_many_as_spam', 'search', 'count', 'me', 'related', 'merge', 'tags', 'requested', 'ccd', 'assigned'];

/** Is this route parameter an id (`:id`, `:tid`, `:audit_id`)? Not `:locale`, `:token`, `:kind`, `:file_name`. */
const isIdParam = (name: string) => /id$/i.test(name);

/** Collects the API's fixed words and refuses them as ids, after authentication (so a caller without credentials learns nothing more than 401). */
export function registerFixedWords(app: FastifyInstance): void {
  const words = new Set<string>(ZENDESK_WORDS);
  app.addHook('onRoute', (r) => {
    for (const seg of r.url.split('/')) if (seg && !seg.startsWith(':') && !seg.includes('*')) words.add(seg.toLowerCase());
  });
  app.addHook('preHandler', async (req) => {
    const params = (req.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (isIdParam(name) && typeof value === 'string' && words.has(value.toLowerCase())) throw new AppError('invalid_endpoint', 'Not found');
    }
  });
}
