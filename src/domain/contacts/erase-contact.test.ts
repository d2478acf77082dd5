import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type KyselyPlugin } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { sqliteFile } from '../../db/dialects/sqlite.ts';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { findTextAnywhere } from '../../db/queries/erasure.ts';
import { erasureMap } from '../erasure/map/index.ts';
import { eraseContact, TICKETS_PER_BATCH } from './erase-contact.ts';
import { restoreContact } from './restore-contact.ts';
import { eraseTicketInTransaction } from '../tickets/erase-ticket.ts';
import { insertTicket, moveTicket, type Person, seedPerson, softDelete } from '../../../test/factories/index.ts';
import { allRows, countWhere } from '../../../test/reads.ts';

describeEachDb('erase a contact', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await t.close();
  });

  /** Everything docs/lifecycle.md says about an erased contact, checked on the database. */
  async function expectErased(p: Person, erasedAt: string) {
    const stub = await db.selectFrom('users').selectAll().where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(stub).toMatchObject({
      id: p.userId, name: 'Permanently Deleted User', alias: null, external_id: null, notes: null, details: null,
      user_fields: null, locale: null, time_zone: null, password_hash: null, role: 'end-user', erased_at: erasedAt,
    });
    expect(stub.erasing_since).not.toBeNull();
    for (const table of ['identities', 'user_tags', 'organization_memberships', 'group_memberships', 'api_tokens', 'sessions']) {
      expect(await countWhere(t, table, 'user_id', [p.userId]), table).toBe(0);
    }
    expect(await countWhere(t, 'outbound_mail', 'recipient_id', [p.userId])).toBe(0);
    expect(await countWhere(t, 'ticket_collaborators', 'user_id', [p.userId])).toBe(0);

    const tombstones = await db.selectFrom('tickets').selectAll().where('id', 'in', p.ticketIds).orderBy('id').execute();
    expect(tombstones).toHaveLength(p.ticketIds.length);
    for (const tomb of tombstones) {
      expect(tomb).toEqual({
        id: tomb.id, channel: 'email', created_at: tomb.created_at, updated_at: erasedAt, status: 'deleted',
        requester_id: p.userId, submitter_id: p.userId, assignee_id: p.agentId, group_id: expect.any(Number), brand_id: 7,
        erased_at: erasedAt, state: 'erased',
        external_id: null, subject: null, priority: null, type: null, organization_id: null, custom_fields: null,
        due_at: null, spam_cause: null, state_changed_at: null, state_actor_id: null, solved_at: null,
      });
    }
    for (const table of ['comments', 'attachments', 'ticket_tags', 'ticket_collaborators', 'ticket_audits', 'raw_messages', 'outbound_mail']) {
      expect(await countWhere(t, table, 'ticket_id', p.ticketIds), table).toBe(0);
    }
    // The hash of each Message-ID stays with the tombstone, so a re-delivery cannot revive it.
    expect(await countWhere(t, 'ticket_message_ids', 'ticket_id', p.ticketIds)).toBe(p.ticketIds.length);

    // Someone else's ticket is intact; their comment there stays, now by the stub.
    const other = await db.selectFrom('tickets').selectAll().where('id', '=', p.otherTicketId).executeTakeFirstOrThrow();
    expect(other).toMatchObject({ subject: 'Other ticket', state: 'active', requester_id: p.otherId, erased_at: null });
    expect(await countWhere(t, 'comments', 'ticket_id', [p.otherTicketId])).toBe(2);
    const elsewhere = await db.selectFrom('comments').selectAll().where('id', '=', p.elsewhereCommentId).executeTakeFirstOrThrow();
    expect(elsewhere).toMatchObject({ author_id: p.userId, body: 'Me too, same problem' });
    // A file they sent there stays as a row, but empty: an image of theirs is not served once they are erased.
    const sent = await db.selectFrom('attachments').selectAll().where('id', '=', p.elsewhereAttachmentId).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ file_name: 'redacted.txt', size: 0, content_id: null, comment_id: p.elsewhereCommentId });
    expect(await countWhere(t, 'ticket_audits', 'ticket_id', [p.otherTicketId])).toBe(1);
    expect(await countWhere(t, 'attachments', 'id', [p.unusedUploadId])).toBe(0);
    // The other contact and the agent lost nothing of their own.
    expect(await countWhere(t, 'identities', 'user_id', [p.otherId, p.agentId])).toBe(2);

    expect(await findTextAnywhere(t.store.db, t.store.caps, p.marker)).toEqual([]);
    expect(await fullTextHits(p.marker)).toEqual([]);
  }

  /** The SQLite full-text indexes that still answer to `term` (a byte scan can miss prefix-compressed tokens). */
  async function fullTextHits(term: string): Promise<string[]> {
    if (kind !== 'sqlite') return [];
    const hits: string[] = [];
    const indexes = Object.entries(erasureMap).filter(([n, f]) => f.derivedFrom && !/_(data|idx|config)$/.test(n));
    expect(indexes.length).toBeGreaterThan(0);
    for (const [name] of indexes) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)} where ${sql.table(name)} match ${`"${term}"`}`.execute(t.store.db);
      if (Number(r.rows[0]!.n) > 0) hits.push(name);
    }
    return hits;
  }

  it('erases a deleted contact end to end through DELETE /deleted_users/{id}', async () => {
    const p = await seedPerson(t);
    const bystander = await seedPerson(t, 1);
    await softDelete(t, p.userId);
    t.clock.advanceDays(2);
    const erasedAt = t.clock.now().toISOString();
    const r = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}.json`);
    expect(r.status).toBe(200);
    expect(r.body.deleted_user).toMatchObject({
      id: p.userId, name: 'Permanently Deleted User', email: null, phone: null, role: 'end-user', active: false,
      url: expect.stringMatching(new RegExp(`/api/v2/deleted_users/${p.userId}\\.json$`)),
      created_at: expect.any(String), updated_at: erasedAt.replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(JSON.stringify(r.body)).not.toContain(p.marker);
    await expectErased(p, erasedAt);

    // Another person's data is untouched, marker and all.
    expect((await findTextAnywhere(t.store.db, t.store.caps, bystander.marker)).length).toBeGreaterThan(5);
    if (kind === 'sqlite') expect(await fullTextHits(bystander.marker)).toEqual(['search_tickets', 'search_comments', 'search_attachments', 'search_users', 'search_identities']);
    const event = await db.selectFrom('audit_events').selectAll().where('action', '=', 'user.erased').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ subject_id: p.userId, actor_id: t.owner.id });
    expect(JSON.parse(event.details)).toMatchObject({ tickets: 3, users: 1, identities: 3, comments: 6, attachments: 7, attachments_redacted: 1 });
  });

  it('refuses a contact that is not deleted (422), agents (403), the owner (403), and an erased one (404)', async () => {
    const p = await seedPerson(t, 1);
    const agent = await t.staff('agent');
    const admin = await t.staff('admin');
    const before = await allRows(t);
    const live = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`);
    expect(live.status).toBe(422);
    expect(live.body.details.base[0].description).toBe('Only deleted users can be permanently deleted; delete them first.');
    expect(await allRows(t)).toEqual(before);

    await softDelete(t, p.userId);
    const deleted = await allRows(t);
    const byAgent = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`, undefined, agent);
    expect(byAgent.status).toBe(403);
    const owner = await t.call('DELETE', `/api/v2/deleted_users/${t.owner.id}`, undefined, admin);
    expect(owner.status).toBe(403);
    expect(await allRows(t)).toEqual(deleted);
    const user = await db.selectFrom('users').selectAll().where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ erasing_since: null, erased_at: null, name: `Name ${p.marker}` });

    expect((await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`, undefined, admin)).status).toBe(200);
    const again = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`, undefined, admin);
    expect(again.status).toBe(404);
    expect((await t.call('DELETE', '/api/v2/deleted_users/999999')).status).toBe(404);
    expect((await t.call('DELETE', '/api/v2/deleted_users/abc')).status).toBe(404);
  });

  it('finishes a half-done erasure when run again, to the same end state', async () => {
    const p = await seedPerson(t);
    await softDelete(t, p.userId);
    // A crash after the first batch: the marker is set and one ticket is already a tombstone.
    await db.updateTable('users').set({ erasing_since: t.clock.now().toISOString() }).where('id', '=', p.userId).execute();
    await t.store.db.transaction().execute((trx) => eraseTicketInTransaction(t.ctx, trx, p.ticketIds[0]!));
    t.clock.advanceDays(1);
    // While the marker is set, a restore is refused (restore-contact checks it).
    await expect(restoreContact(t.as(t.owner), { userId: p.userId })).rejects.toMatchObject({ code: 'record_invalid' });
    const erasedAt = t.clock.now().toISOString();
    const r = await eraseContact(t.as(t.owner), { userId: p.userId });
    expect(r?.counts.tickets).toBe(2);
    // The first tombstone was erased earlier: its times are the crash's, the rest matches.
    await db.updateTable('tickets').set({ updated_at: erasedAt, erased_at: erasedAt }).where('id', '=', p.ticketIds[0]!).execute();
    await expectErased(p, erasedAt);
    await expect(eraseContact(t.as(t.owner), { userId: p.userId })).rejects.toMatchObject({ code: 'not_found' });
  });

  it.skipIf(kind !== 'sqlite')('looks every row up through an index (EXPLAIN QUERY PLAN of each statement)', async () => {
    const p = await seedPerson(t, 2);
    await softDelete(t, p.userId);
    const raw = new SQLite(sqliteFile(t.store.dataDir));
    const statements = new Map<string, readonly unknown[]>();
    const logged = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (e) => void statements.set(e.query.sql, e.query.parameters),
    });
    try {
      await eraseContact({ ...t.as(t.owner), db: logged }, { userId: p.userId });
      const plans: string[] = [];
      for (const [q, params] of statements) {
        if (!/^\s*(select|update|delete)/i.test(q) || /sqlite_master|pragma_/.test(q)) continue;
        const rows = raw.prepare(`explain query plan ${q}`).all(...(params as unknown[])) as { detail: string }[];
        plans.push(...rows.map((r) => `${r.detail}  <-  ${q.slice(0, 60)}`));
      }
      expect(plans.length).toBeGreaterThan(20);
      // A full-text index answering a MATCH (`VIRTUAL TABLE INDEX 0:M…`, the check after the
      // erasure) is a lookup in that index, not a scan of rows.
      // A batch's ids are read from one bound JSON array (`SCAN json_each`): that is the list, not
      // rows; the one statement asking which tables hold rows selects no table (`CONSTANT ROW`);
      // the full-text indexes owing a purge are a list of at most one row per index.
      expect(plans.filter((d) => /^SCAN /.test(d) && !/^SCAN search_\w+ VIRTUAL TABLE INDEX \d+:M/.test(d) && !/^SCAN (json_each VIRTUAL TABLE|CONSTANT ROW|search_index_purges )/.test(d))).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('commits tickets in bounded batches: a crash mid-way keeps the finished batches, and a rerun finishes', async () => {
    const p = await seedPerson(t, 1);
    for (let i = 0; i < 2 * TICKETS_PER_BATCH + 5; i++) await insertTicket(t, p.userId);
    await softDelete(t, p.userId);
    let scrubs = 0;
    const crashing: KyselyPlugin = {
      transformQuery(args) {
        const n = args.node as any;
        // Tickets are scrubbed one statement a batch: the third batch's dies.
        if (n.kind === 'UpdateQueryNode' && JSON.stringify(n.table).includes('"tickets"') && ++scrubs > 2) {
          throw new Error('simulated crash');
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    await expect(eraseContact({ ...t.as(t.owner), db: t.store.db.withPlugin(crashing) }, { userId: p.userId })).rejects.toThrow('simulated crash');
    const erased = await db.selectFrom('tickets').select('id').where('requester_id', '=', p.userId).where('state', '=', 'erased').execute();
    expect(erased).toHaveLength(2 * TICKETS_PER_BATCH);
    expect(await db.selectFrom('users').select(['erasing_since', 'erased_at', 'name']).where('id', '=', p.userId).executeTakeFirst()).toMatchObject({
      erasing_since: expect.any(String), erased_at: null, name: `Name ${p.marker}`,
    });
    const r = await eraseContact(t.as(t.owner), { userId: p.userId });
    expect(r?.counts.tickets).toBe(6);
    await expectErased({ ...p, ticketIds: p.ticketIds }, t.clock.now().toISOString());
  });

  it('erases tickets in bounded batches, including ones already in Spam or Deleted', async () => {
    const p = await seedPerson(t, 2);
    const extra: number[] = [];
    for (let i = 0; i < 205; i++) extra.push(await insertTicket(t, p.userId, { channel: 'api' }));
    await moveTicket(t, extra[0]!, 'deleted');
    await softDelete(t, p.userId);
    const r = await eraseContact(t.as(t.owner), { userId: p.userId });
    expect(r?.counts.tickets).toBe(207);
    const left = await db.selectFrom('tickets').select('id').where('requester_id', '=', p.userId).where('erased_at', 'is', null).execute();
    expect(left).toEqual([]);
  });
});
