import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import type { IndexedTable, SearchDialect, SearchIndexUpkeep, TextMatch, TextSource } from './caps.ts';

// Full-text matching on SQLite: FTS5 external-content indexes (migration 003), one per
// indexed table, kept by triggers. The index rowid is the row's id.

/** One FTS5 phrase per term, OR-ed: `"anna k example com" OR "slipp" *`. */
export function fts5Expression(terms: TextMatch[]): string {
  // Tokens are runs of letters and digits only, so nothing inside the quotes needs escaping;
  // FTS5 re-tokenizes the phrase with the index's own tokenizer.
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? ' *' : ''}`).join(' OR ');
}

const FTS_TABLE: Record<TextSource, string> = {
  ticket_subject: 'search_tickets',
  comment: 'search_comments',
  attachment: 'search_attachments',
  user: 'search_users',
  identity: 'search_identities',
  organization: 'search_organizations',
  group: 'search_groups',
  chat_message: 'search_chat_messages',
  hc_translation: 'search_hc_translations',
  hc_revision: 'search_hc_revisions',
};

function matching(source: TextSource, terms: TextMatch[]): RawBuilder<unknown> {
  const fts = sql.table(FTS_TABLE[source]);
  return sql`select rowid from ${fts} where ${fts} match ${fts5Expression(terms)}`;
}

const ROW_INDEX: Record<IndexedTable, string> = {
  tickets: 'search_tickets',
  comments: 'search_comments',
  attachments: 'search_attachments',
  chat_messages: 'search_chat_messages',
  hc_translations: 'search_hc_translations',
  hc_revisions: 'search_hc_revisions',
};

export const sqliteSearch: SearchDialect = {
  rowsMatching(table, terms, range) {
    const fts = sql.table(ROW_INDEX[table]);
    const within = range ? sql` and rowid > ${range.after} and rowid <= ${range.upTo}` : sql``;
    return sql`select rowid as id from ${fts} where ${fts} match ${fts5Expression(terms)}${within}`;
  },
  idsMatching(source, terms) {
    const rows = matching(source, terms);
    switch (source) {
      case 'comment':
        return sql`select c.ticket_id from comments c where c.id in (${rows})`;
      case 'attachment':
        // Uploads not yet used in a comment belong to no ticket and are not searchable.
        return sql`select a.ticket_id from attachments a where a.id in (${rows}) and a.ticket_id is not null`;
      case 'identity':
        return sql`select i.user_id from identities i where i.id in (${rows})`;
      case 'chat_message':
        return sql`select m.chat_id from chat_messages m where m.id in (${rows})`;
      case 'hc_translation':
        return sql`select t.source_id from hc_translations t where t.id in (${rows}) and t.source_type = 'article'`;
      case 'hc_revision':
        return sql`select t.source_id from hc_revisions r join hc_translations t on t.id = r.translation_id where r.id in (${rows}) and t.source_type = 'article'`;
      default:
        return rows;
    }
  },
  // Unary + keeps the value and hides the column from index selection.
  filterOnly: (column) => sql`+${column}`,
};

// Maintenance of the FTS5 indexes (BENCHMARKS.md, "Erasing a contact"). With secure-delete
// on, removing a row's tokens looks each token up in every b-tree segment of the index, so
// an erasure's cost grows with the number of segments. Merging the segments in bounded
// steps (a sweep step, src/domain/redaction/compact-search-indexes.ts) keeps that number at
// about one, and the cost of an erasure close to the contact's own data.

/** The FTS5 index tables of migration 003 and later (createTextIndex). */
export const FTS_INDEXES: readonly string[] = Object.values(FTS_TABLE);

function varint(b: Buffer, at: { i: number }): number {
  let v = 0;
  for (let k = 0; k < 9; k++) {
    const c = b[at.i++] ?? 0;
    if (k === 8) return v * 256 + c;
    v = v * 128 + (c & 0x7f);
    if (!(c & 0x80)) return v;
  }
  return v;
}

/**
 * How many b-tree segments an index has, and whether a merge is under way, read from its
 * structure record (row 10 of `<index>_data`; format in SQLite's fts5_index.c).
 */
export async function ftsSegments(db: Kysely<Database>, index: string): Promise<{ segments: number; merging: boolean }> {
  const r = await sql<{ block: Buffer }>`select block from ${sql.table(`${index}_data`)} where id = 10`.execute(db);
  const row = r.rows[0];
  if (!row) return { segments: 0, merging: false };
  const b = Buffer.from(row.block);
  const v2 = b.length >= 8 && b.readUInt32BE(4) === 0xffffffff;
  const at = { i: v2 ? 8 : 4 };
  const levels = varint(b, at);
  const segments = varint(b, at);
  varint(b, at); // write counter
  let merging = false;
  for (let l = 0; l < levels; l++) {
    const inMerge = varint(b, at);
    const n = varint(b, at);
    if (inMerge > 0) merging = true;
    for (let s = 0; s < n; s++) for (let f = 0; f < (v2 ? 8 : 3); f++) varint(b, at);
  }
  // A record of a layout this code does not know: say nothing is under way (a new merge
  // then simply starts over, which is safe).
  if (at.i !== b.length) return { segments, merging: false };
  return { segments, merging };
}

/**
 * One bounded merge step of an index: about `pages` pages are written. `start` begins a
 * merge of every segment into one (FTS5's negative 'merge'); without it an ongoing merge is
 * continued. True when the step did any work.
 */
export async function ftsMergeStep(db: Kysely<Database>, index: string, pages: number, start: boolean): Promise<boolean> {
  const before = await sql<{ n: number }>`select total_changes() as n`.execute(db);
  const n = Math.max(1, Math.floor(pages)) * (start ? -1 : 1);
  await sql`insert into ${sql.table(index)}(${sql.ref(index)}, rank) values ('merge', ${n})`.execute(db);
  const after = await sql<{ n: number }>`select total_changes() as n`.execute(db);
  // FTS5's documented test: a change count that moved by 2 or more means work was done.
  return Number(after.rows[0]!.n) - Number(before.rows[0]!.n) >= 2;
}

// Purges (src/domain/redaction/purge-search-indexes.ts). secure-delete is a setting stored in
// the index (its _config table), so turning it off and on again inside one write transaction
// is never seen by another connection, and a rollback restores it.

const setSecureDelete = async (trx: Kysely<Database>, on: 0 | 1) => {
  for (const index of FTS_INDEXES) await sql`insert into ${sql.table(index)}(${sql.ref(index)}, rank) values ('secure-delete', ${sql.lit(on)})`.execute(trx);
};

/** The FTS5 indexes' upkeep, as the dialect's capability. */
export const sqliteSearchUpkeep: SearchIndexUpkeep = {
  indexes: FTS_INDEXES,
  segments: ftsSegments,
  mergeStep: ftsMergeStep,
  async deferSecureDelete(trx, since) {
    await trx
      .insertInto('search_index_purges')
      .values(FTS_INDEXES.map((index_name) => ({ index_name, since })))
      .onConflict((oc) => oc.column('index_name').doNothing())
      .execute();
    await setSecureDelete(trx, 0);
  },
  resumeSecureDelete: (trx) => setSecureDelete(trx, 1),
  async owedPurges(db) {
    return (await db.selectFrom('search_index_purges').select('index_name').orderBy('index_name').execute()).map((r) => r.index_name);
  },
  async purge(db, index) {
    await db.transaction().execute(async (trx) => {
      // 'optimize' merges every segment into one; being the oldest, it keeps neither the
      // deleted rows' entries nor the delete markers, and the old segments' pages are freed,
      // which the connection's secure_delete pragma zeroes.
      await sql`insert into ${sql.table(index)}(${sql.ref(index)}) values ('optimize')`.execute(trx);
      await trx.deleteFrom('search_index_purges').where('index_name', '=', index).execute();
    });
  },
};

/**
 * The FTS5 index `search_<table>` over `column` (DialectCaps.createTextIndex), as migration
 * 003 made the first ones: external content (the text lives once, in the table), secure-delete
 * on (deleted tokens leave the file's bytes), kept in step by triggers.
 */
export async function createTextIndexSqlite(db: Kysely<any>, table: string, column: string): Promise<void> {
  const fts = `search_${table}`;
  const run = (q: string) => sql.raw(q).execute(db);
  await run(`CREATE VIRTUAL TABLE ${fts} USING fts5(${column}, content='${table}', content_rowid='id', tokenize="unicode61 remove_diacritics 0", columnsize=0)`);
  await run(`INSERT INTO ${fts}(${fts}, rank) VALUES('secure-delete', 1)`);
  await run(`INSERT INTO ${fts}(${fts}) VALUES('rebuild')`);
  await run(`CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts}(rowid, ${column}) VALUES (new.id, new.${column}); END`);
  await run(`CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${table} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.id, old.${column}); END`);
  await run(
    `CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${column} ON ${table} BEGIN ` +
      `INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.id, old.${column}); ` +
      `INSERT INTO ${fts}(rowid, ${column}) VALUES (new.id, new.${column}); END`,
  );
}
