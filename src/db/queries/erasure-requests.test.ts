import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, describeEachDb, type TestStore } from '../../../test/db.ts';
import { hitsQuery, type HitSource } from './erasure-request-planning.ts';

// The planner's candidate search goes through the full-text indexes, on both databases:
// a sequential read of comments would make planning cost the size of the helpdesk.

describeEachDb('erasure request candidate search', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(kind);
  });
  afterEach(() => store.destroy());

  const phrases = [{ tokens: ['anna', 'karenina'], prefix: false }, { tokens: ['442079460958'], prefix: false }];
  const INDEX: Record<HitSource, string> = { subject: 'search_tickets', comment: 'search_comments', attachment_name: 'search_attachments' };

  it('reads each source through its full-text index', async () => {
    if (kind === 'postgres') {
      // The planner reads a small table sequentially whatever the indexes: give it some rows and statistics.
      await sql`insert into users (name, role, is_owner, can_delete_tickets, suspended, verified, created_at, updated_at) values ('u', 'end-user', 0, 0, 0, 1, 'x', 'x')`.execute(store.db);
      await sql`insert into tickets (subject, status, requester_id, channel, state, created_at, updated_at) select 'subject ' || g, 'open', 1, 'web', 'active', 'x', 'x' from generate_series(1, 5000) g`.execute(store.db);
      await sql`insert into comments (ticket_id, author_id, body, html_body, plain_body, public, channel, created_at) select g, 1, 'text ' || g, '', 'text ' || g, 1, 'web', 'x' from generate_series(1, 5000) g`.execute(store.db);
      await sql`insert into attachments (ticket_id, comment_id, file_name, content_type, size, inline, data, created_at) select g, g, 'file' || g || '.pdf', 'application/pdf', 1, 0, '\\x00', 'x' from generate_series(1, 5000) g`.execute(store.db);
      await sql`analyze`.execute(store.db);
    }
    for (const source of ['subject', 'comment', 'attachment_name'] as const) {
      const q = hitsQuery(store.caps, source, phrases, 7, { after: 0, upTo: 50_000, limit: 500 });
      if (kind === 'sqlite') {
        const plan = (await sql<{ detail: string }>`explain query plan ${q}`.execute(store.db)).rows.map((r) => r.detail).join('\n');
        expect(plan).toContain(`${INDEX[source]} VIRTUAL TABLE INDEX`);
        expect(plan).not.toMatch(/SCAN (comments|attachments|tickets)\b(?! USING)/);
      } else {
        const plan = (await sql<{ 'QUERY PLAN': string }>`explain ${q}`.execute(store.db)).rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain(INDEX[source]);
      }
    }
  });
});
