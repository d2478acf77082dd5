import { sql, type Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The full-text indexes of docs/search.md. They are derived from the tables they index and
// kept in step by the database itself (triggers on SQLite, expression indexes on
// PostgreSQL), so every writer — tickets, redaction, erasure — is covered without calling
// search code, and a search sees exactly what has committed.

/** table → [FTS table, indexed columns]: the SQLite external-content indexes. */
const SQLITE_INDEXES: [table: string, fts: string, columns: string[]][] = [
  ['tickets', 'search_tickets', ['subject']],
  ['comments', 'search_comments', ['plain_body']],
  ['attachments', 'search_attachments', ['file_name']],
  ['users', 'search_users', ['name', 'alias', 'notes']],
  ['identities', 'search_identities', ['value', 'value_key']],
  ['organizations', 'search_organizations', ['name']],
  ['groups', 'search_groups', ['name']],
];

async function upSqlite(db: Kysely<any>): Promise<void> {
  for (const [table, fts, columns] of SQLITE_INDEXES) {
    const cols = columns.join(', ');
    const newCols = columns.map((c) => `new.${c}`).join(', ');
    const oldCols = columns.map((c) => `old.${c}`).join(', ');
    // External content: the text lives once, in the table; the index holds only tokens.
    // remove_diacritics 0 so both databases agree (PostgreSQL's 'simple' keeps accents);
    // columnsize=0 because results are not ranked by bm25, so sizes need not be stored.
    await sql
      .raw(
        `CREATE VIRTUAL TABLE ${fts} USING fts5(${cols}, content='${table}', content_rowid='id', ` +
          `tokenize="unicode61 remove_diacritics 0", columnsize=0)`,
      )
      .execute(db);
    // Stored with the index: a delete rewrites the index pages instead of leaving the old
    // tokens behind until a merge (docs/erasure-proof.md, "SQLite"), so erased text leaves the file's bytes.
    await sql.raw(`INSERT INTO ${fts}(${fts}, rank) VALUES('secure-delete', 1)`).execute(db);
    await sql.raw(`INSERT INTO ${fts}(${fts}) VALUES('rebuild')`).execute(db);
    await sql
      .raw(`CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts}(rowid, ${cols}) VALUES (new.id, ${newCols}); END`)
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${table} BEGIN ` +
          `INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols}); END`,
      )
      .execute(db);
    // Redaction and erasure rewrite text in place: the old tokens go, the new ones come in.
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${cols} ON ${table} BEGIN ` +
          `INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols}); ` +
          `INSERT INTO ${fts}(rowid, ${cols}) VALUES (new.id, ${newCols}); END`,
      )
      .execute(db);
  }
}

// PostgreSQL's parser keeps `anna.k@example.com`, `example.com` and `+44` as single
// tokens; SQLite's unicode61 splits them. Turning ASCII punctuation into spaces first makes
// both split text the same way. src/db/dialects/search-postgres.ts repeats this expression
// exactly: the planner only uses an expression index for an identical expression.
const PUNCT = `'!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~'`;
const SPACES = `'${' '.repeat(32)}'`;
const tsv = (text: string) => `to_tsvector('simple'::regconfig, translate(${text}, ${PUNCT}, ${SPACES}))`;

const PG_INDEXES: [name: string, table: string, text: string][] = [
  ['search_tickets', 'tickets', 'subject'],
  ['search_comments', 'comments', 'plain_body'],
  ['search_attachments', 'attachments', 'file_name'],
  ['search_users', 'users', `coalesce(name, '') || ' ' || coalesce(alias, '') || ' ' || coalesce(notes, '')`],
  ['search_identities', 'identities', `value || ' ' || value_key`],
  ['search_organizations', 'organizations', 'name'],
  ['search_groups', 'groups', 'name'],
];

async function upPostgres(db: Kysely<any>): Promise<void> {
  for (const [name, table, text] of PG_INDEXES) {
    await sql.raw(`CREATE INDEX ${name} ON ${table} USING gin ((${tsv(text)}))`).execute(db);
  }
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  if (caps.name === 'sqlite') await upSqlite(db);
  else await upPostgres(db);
}
