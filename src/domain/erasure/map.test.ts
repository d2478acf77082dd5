import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestStore, type TestStore } from '../../../test/db.ts';
import { liveTables } from '../../db/queries/erasure.ts';
import { erasureMap, IGNORED_TABLES, type ErasureMap } from './map/index.ts';
import { followedReferences, foreignKeyProblems, mapProblems, schemaProblems } from './graph.ts';
import { assertMapCoversSchema } from './walker.ts';

describeEachDb('erasure map against the live schema', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(kind);
  });
  afterEach(async () => {
    await store.destroy();
  });

  it('declares a fate for every table and column, and nothing that does not exist', async () => {
    const live = await liveTables(store.db);
    expect(live.map((t) => t.name)).toContain('users');
    expect(live.map((t) => t.name)).toContain('kysely_migration');
    expect(schemaProblems(erasureMap, live, kind)).toEqual([]);
  });

  it('names the table or column that has no fate, and the declared one that is gone', async () => {
    const live = await liveTables(store.db);
    const withExtra = live.map((t) => (t.name === 'comments' ? { ...t, columns: [...t.columns, 'signature'] } : t));
    withExtra.push({ name: 'chat_transcripts', columns: ['id', 'user_id', 'text'], types: {} });
    const problems = schemaProblems(erasureMap, withExtra, kind);
    expect(problems).toContain('column comments.signature has no fate in the erasure map');
    expect(problems).toContain('table chat_transcripts has no fate in the erasure map');
    const { users: _u, ...withoutUsers } = erasureMap;
    const missingUsers = schemaProblems(withoutUsers, live, kind);
    expect(missingUsers).toEqual(['table users has no fate in the erasure map']);
    const ghost: ErasureMap = { ...erasureMap, tickets: { ...erasureMap.tickets!, columns: { ...erasureMap.tickets!.columns, mood: { kind: 'data' } } } };
    expect(schemaProblems(ghost, live, kind)).toEqual(['column tickets.mood is in the erasure map but not in the database']);
  });

  it('refuses to erase while the live schema has a column with no fate', async () => {
    await store.db.schema.alterTable('comments').addColumn('signature', 'text').execute();
    await expect(assertMapCoversSchema(store)).rejects.toThrow(/comments\.signature has no fate/);
  });

  it("declares every foreign key of the database as a reference to the same table", async () => {
    const fks = await store.caps.catalog.foreignKeys(store.db);
    // The check reads real constraints: identities.user_id → users is one of them.
    expect(fks).toContainEqual({ table: 'identities', column: 'user_id', to: 'users' });
    expect(fks.length).toBeGreaterThan(20);
    expect(foreignKeyProblems(erasureMap, fks)).toEqual([]);
  });

  it('fails on a foreign key the map calls plain data or points elsewhere, and erasure refuses', async () => {
    const fks = await store.caps.catalog.foreignKeys(store.db);
    const asData: ErasureMap = { ...erasureMap, identities: { ...erasureMap.identities!, columns: { ...erasureMap.identities!.columns, user_id: { kind: 'data' } } } };
    expect(foreignKeyProblems(asData, fks)).toEqual(['identities.user_id is a foreign key to users in the database but declared as data in the erasure map']);
    const elsewhere: ErasureMap = {
      ...erasureMap,
      comments: { ...erasureMap.comments!, columns: { ...erasureMap.comments!.columns, author_id: { kind: 'ref', to: 'groups', onErase: 'keep' } } },
    };
    expect(foreignKeyProblems(elsewhere, fks)).toEqual(['comments.author_id is a foreign key to users in the database but the erasure map says it refers to groups']);
    // A new column with a real constraint, declared as data: the run-time check refuses too.
    await sql`alter table comments add column editor_id integer references users(id)`.execute(store.db);
    const withEditor: ErasureMap = { ...erasureMap, comments: { ...erasureMap.comments!, columns: { ...erasureMap.comments!.columns, editor_id: { kind: 'data' } } } };
    expect(schemaProblems(withEditor, await liveTables(store.db), kind)).toEqual([]);
    await expect(assertMapCoversSchema(store, withEditor)).rejects.toThrow(/comments\.editor_id is a foreign key to users in the database but declared as data/);
  });

  it('indexes every reference an erasure looks rows up by', async () => {
    const indexed = await store.caps.catalog.indexedLeadingColumns(store.db);
    const missing = followedReferences(erasureMap).filter((r) => !indexed.get(r.table)?.has(r.column));
    expect(missing).toEqual([]);
    // The check itself can fail: a column with no index is reported.
    expect(indexed.get('comments')?.has('body')).toBeFalsy();
  });
});

describe('erasure map coherence', () => {
  it('reaches every personal column: deleted with its row or scrubbed on the tombstone', () => {
    expect(mapProblems(erasureMap)).toEqual([]);
  });

  it('reports personal data nothing reaches, dangling keeps and unknown targets', () => {
    const broken: ErasureMap = {
      ...erasureMap,
      // A personal column on a table no erasure reaches.
      organizations: { columns: { ...erasureMap.organizations!.columns, notes: { kind: 'personal' } } },
      // A kept reference into rows an erasure deletes would dangle.
      ticket_audits: { columns: { ...erasureMap.ticket_audits!.columns, comment_id: { kind: 'ref', to: 'comments', onErase: 'keep' } } },
      // A personal column on a surviving row that the scrub forgets.
      users: { ...erasureMap.users!, columns: { ...erasureMap.users!.columns, photo_url: { kind: 'personal' } } },
    };
    const problems = mapProblems(broken);
    expect(problems).toContain('personal column organizations.notes is neither deleted with its row nor scrubbed by an erasure');
    expect(problems).toContain('ticket_audits.comment_id keeps a reference to comments, whose rows an erasure deletes');
    expect(problems).toContain('personal column users.photo_url is neither deleted with its row nor scrubbed by an erasure');
  });

  it('keeps exactly the tombstone fields on a ticket (docs/lifecycle.md)', () => {
    const tickets = erasureMap.tickets!;
    const kept = Object.keys(tickets.columns).filter((c) => !(c in tickets.tombstone!.scrub));
    expect(kept.sort()).toEqual(['brand_id', 'channel', 'created_at', 'group_id', 'id', 'requester_id', 'submitter_id', 'assignee_id'].sort());
    expect(tickets.tombstone!.scrub.status).toBe('deleted');
    expect(tickets.tombstone!.scrub.state).toBe('erased');
    const set = Object.entries(tickets.tombstone!.scrub).filter(([, v]) => v !== null).map(([c]) => c);
    expect(set.sort()).toEqual(['erased_at', 'state', 'status', 'updated_at']);
  });

  it('ignores only Kysely\'s own migration tables', () => {
    expect([...IGNORED_TABLES].sort()).toEqual(['kysely_migration', 'kysely_migration_lock']);
    for (const t of ['jobs', 'account_settings', 'audit_events']) expect(erasureMap[t]).toBeDefined();
  });
});
