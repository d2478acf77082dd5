import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { analyzeOwnTables } from '../../test/proof/scan-statistics.ts';
import { createTestStore, describeEachDb, type TestStore } from '../../test/db.ts';
import { erasureMap, type ErasureMap } from '../domain/erasure/map/index.ts';
import { personalColumns } from '../domain/erasure/graph.ts';
import { migrate, openStore } from './connect.ts';
import { keepValuesOutOfPostgresStatistics, personalTargets } from './dialects/postgres-statistics.ts';
import { statisticsRows, statisticsTargets, turnStatisticsOn } from './queries/statistics.ts';

// Planner statistics hold no personal values (issue 9). The proof with planted markers is
// test/proof/statistics-proof.test.ts; this file checks the step itself on both databases.

async function someRows(store: TestStore): Promise<void> {
  await sql`insert into users (name, alias, notes, role, is_owner, can_delete_tickets, suspended, verified, created_at, updated_at)
    values ('Ada Lovelace', 'ada', 'likes engines', 'end-user', 0, 0, 0, 1, 'x', 'x'), ('Bob Stone', 'bob', 'rocks', 'end-user', 0, 0, 0, 1, 'x', 'x')`.execute(store.db);
  await sql`insert into identities (user_id, type, value, value_key, verified, is_primary, released, created_at, updated_at)
    values (1, 'email', 'ada@example.test', 'ada@example.test', 1, 1, 0, 'x', 'x'), (2, 'email', 'bob@example.test', 'bob@example.test', 1, 1, 0, 'x', 'x')`.execute(store.db);
  await sql`insert into user_tags (user_id, tag) values (1, 'vip'), (2, 'vip'), (2, 'geology')`.execute(store.db);
}

describeEachDb('planner statistics without personal values', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(kind);
  });
  afterEach(() => store.destroy());

  if (kind === 'postgres') {
    it('sets the target of every personal column, and of the indexes computed from one, to 0 on migrate', async () => {
      const all = await statisticsTargets(store.db);
      const personal = personalTargets(all, personalColumns(erasureMap, 'postgres'));
      // Every personal column of the map is there, and the full-text indexes over them.
      expect(personal.filter((t) => t.kind === 'column').length).toBe(personalColumns(erasureMap, 'postgres').length);
      expect(personal.filter((t) => t.kind === 'index-expression').map((t) => t.relation).sort()).toEqual(
        ['search_attachments', 'search_chat_messages', 'search_comments', 'search_hc_article_comments', 'search_hc_post_comments', 'search_hc_posts', 'search_identities', 'search_tickets', 'search_users'],
      );
      expect(personal.filter((t) => t.target !== 0)).toEqual([]);
      // Columns that are not personal keep the default.
      expect(all.find((t) => t.relation === 'tickets' && t.column === 'status')!.target).toBe(-1);
      expect(all.find((t) => t.relation === 'search_groups')!.target).toBe(-1);
      // Running it again changes nothing.
      expect((await migrate(store)).statistics).toEqual({ targetsSet: 0, cleared: 0, left: [] });
    });

    it('leaves ANALYZE no statistics row for a personal column, and keeps them for the others', async () => {
      await someRows(store);
      await analyzeOwnTables(store.db, kind);
      const rows = await statisticsRows(store.db);
      expect(rows).toContain('users.role');
      expect(rows).toContain('user_tags.user_id');
      const personal = personalTargets(await statisticsTargets(store.db), personalColumns(erasureMap, 'postgres'));
      expect(rows.filter((r) => personal.some((t) => `${t.relation}.${t.column}` === r))).toEqual([]);
    });

    it('follows the map: a new personal column gets target 0, and old statistics are removed', async () => {
      await sql`alter table users add column nickname text`.execute(store.db);
      await someRows(store);
      await sql`update users set nickname = name`.execute(store.db);
      // Statistics collected while the target was the default (an install before this step).
      const name = (await statisticsTargets(store.db)).find((t) => t.relation === 'users' && t.column === 'name')!;
      await turnStatisticsOn(store.db, name);
      await sql`analyze users`.execute(store.db);
      expect(await statisticsRows(store.db)).toEqual(expect.arrayContaining(['users.name', 'users.nickname']));
      const withNickname: ErasureMap = { ...erasureMap, users: { ...erasureMap.users!, columns: { ...erasureMap.users!.columns, nickname: { kind: 'personal' } } } };
      const report = await keepValuesOutOfPostgresStatistics(store.db, personalColumns(withNickname, 'postgres'));
      // The test database's role is a superuser, so pg_statistic can be written.
      expect(report).toEqual({ targetsSet: 2, cleared: 2, left: [] });
      await sql`analyze users`.execute(store.db);
      const rows = await statisticsRows(store.db);
      expect(rows).toContain('users.role');
      expect(rows).not.toContain('users.name');
      expect(rows).not.toContain('users.nickname');
    });
  } else {
    const sampledIndexes = async (db: TestStore['db']) =>
      (await sql<{ idx: string }>`select distinct idx from sqlite_stat4 order by 1`.execute(db)).rows.map((r) => r.idx);
    // Indexes with a personal column (identities.value_key, tags), and ones made of plain columns only.
    const PERSONAL_INDEXES = ['identities_unique_live', 'identities_value_key', 'sqlite_autoindex_user_tags_1'];

    it('analyzes on open and keeps the counts and the samples of plain indexes only', async () => {
      await someRows(store);
      await sql`insert into tickets (subject, status, requester_id, channel, state, created_at, updated_at) values ('s', 'open', 1, 'web', 'active', 'x', 'x')`.execute(store.db);
      await store.checkpoint();
      // A second process opening the database (a restart, `oubli sweep`).
      const second = await openStore({ dataDir: store.dataDir });
      try {
        const stat1 = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(second.db);
        expect(Number(stat1.rows[0]!.n)).toBeGreaterThan(0);
        const sampled = await sampledIndexes(second.db);
        expect(sampled).toContain('tickets_state_status');
        expect(sampled.filter((i) => PERSONAL_INDEXES.includes(i) || i.startsWith('search_'))).toEqual([]);
      } finally {
        await second.close();
      }
    });

    it('drops samples of personal values someone else collected, on migrate and after every removal', async () => {
      await someRows(store);
      await analyzeOwnTables(store.db, kind);
      expect(await sampledIndexes(store.db)).toEqual(expect.arrayContaining(PERSONAL_INDEXES));
      expect((await migrate(store)).statistics.cleared).toBeGreaterThan(0);
      expect((await sampledIndexes(store.db)).filter((i) => PERSONAL_INDEXES.includes(i))).toEqual([]);
      await analyzeOwnTables(store.db, kind);
      expect(await store.checkpoint()).toEqual({ busy: false });
      const left = await sampledIndexes(store.db);
      expect(left.filter((i) => PERSONAL_INDEXES.includes(i))).toEqual([]);
      // The samples of plain columns stay for the planner (skewed states and times).
      expect(left).toEqual(expect.arrayContaining(['identities_user', 'users_role']));
      // A new index with a personal column follows the map: its samples go too.
      await sql`create index users_alias on users (alias)`.execute(store.db);
      await analyzeOwnTables(store.db, kind);
      expect(await sampledIndexes(store.db)).toContain('users_alias');
      await store.checkpoint();
      expect(await sampledIndexes(store.db)).not.toContain('users_alias');
    });
  }
});
