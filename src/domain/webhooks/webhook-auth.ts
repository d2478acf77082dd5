import type { Selectable } from 'kysely';
import type { WebhooksTable } from '../../db/schema.ts';

// A webhook's own authentication to its endpoint (Zendesk's basic_auth / bearer_token, in
// the header). Stored as the admin gave it, sent with each request, never shown back.

/** The Authorization header of a webhook's requests, if it has one. */
export function authHeaders(hook: Pick<Selectable<WebhooksTable>, 'auth_type' | 'auth_data'>): Record<string, string> {
  if (!hook.auth_type || !hook.auth_data) return {};
  const data = JSON.parse(hook.auth_data) as { username?: string; password?: string; token?: string };
  if (hook.auth_type === 'basic_auth') return { authorization: `Basic ${Buffer.from(`${data.username}:${data.password}`, 'utf8').toString('base64')}` };
  return { authorization: `Bearer ${data.token}` };
}
