import type { TestApp } from './app.ts';
import { dbOf } from './factories/where.ts';

// Reading rows back in tests: counts, a comment's stored forms, a raw mail, every row of
// the tables a person's data sits in, and every page of a list endpoint.

export async function commentText(t: TestApp, id: number): Promise<{ body: string; html_body: string; plain_body: string } | undefined> {
  return dbOf(t).selectFrom('comments').select(['body', 'html_body', 'plain_body']).where('id', '=', id).executeTakeFirst();
}

export async function rawMail(t: TestApp, id: number): Promise<string | undefined> {
  const r = await dbOf(t).selectFrom('raw_messages').select('data').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.data).toString('utf8') : undefined;
}

export async function ticketRow(t: TestApp, id: number) {
  return dbOf(t).selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countRows(t: TestApp, table: string, where: Record<string, unknown> = {}): Promise<number> {
  let q: any = dbOf(t).selectFrom(table).select((eb: any) => eb.fn.countAll().as('c'));
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  return Number((await q.executeTakeFirst())?.c ?? 0);
}

/** Every page of a list endpoint (cursor style), concatenated. */
export async function allPages(t: TestApp, url: string, key: string): Promise<any[]> {
  const out: any[] = [];
  let next: string | null = `${url}${url.includes('?') ? '&' : '?'}page[size]=100`;
  while (next) {
    const r = await t.call('GET', next.replace(/^https?:\/\/[^/]+/, ''));
    if (r.status !== 200) throw new Error(`GET ${next}: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body[key]);
    next = r.body.meta.has_more ? r.body.links.next : null;
  }
  return out;
}

/** Rows of a table where `column` is one of `ids`. */
export async function countWhere(t: TestApp, table: string, column: string, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = (await dbOf(t).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where(column, 'in', ids).executeTakeFirstOrThrow()) as { n: number };
  return Number(r.n);
}

/** Every row of the tables a person's data sits in, for "nothing changed" checks that show what changed. */
export async function allRows(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['users', 'identities', 'tickets', 'comments', 'attachments', 'ticket_tags', 'ticket_collaborators', 'ticket_audits', 'user_tags', 'raw_messages', 'outbound_mail', 'api_tokens', 'sessions']) {
    const order = ORDER[table] ?? ['id'];
    let q = dbOf(t).selectFrom(table).selectAll();
    for (const c of order) q = q.orderBy(c);
    const rows = await q.execute();
    // Signing in with a token touches it; that is not a change the tests look for.
    out[table] = table === 'api_tokens' ? rows.map(({ last_used_at: _, ...r }: any) => r) : rows;
  }
  return out;
}

const ORDER: Record<string, string[]> = {
  user_tags: ['user_id', 'tag'],
  ticket_tags: ['ticket_id', 'tag'],
  ticket_collaborators: ['ticket_id', 'user_id'],
};
