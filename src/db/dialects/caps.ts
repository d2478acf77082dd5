import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The few things that differ between the two databases. The core asks for a capability,
 * never for a dialect name, so a third dialect is one more of these objects (sqlite.ts,
 * postgres.ts). A new behaviour that differs is a new member here, implemented in each.
 */
export interface DialectCaps {
  /**
   * The key declarations use for this dialect: the erasure map's `onlyOn`, the stores
   * inventory's `on`. Code outside src/db/dialects never compares it (the frozen migration
   * 003 does): a behaviour that differs is a member below.
   */
  name: 'sqlite' | 'postgres';
  /** Column type for an auto-increment integer primary key. */
  idType: 'integer' | 'serial';
  /** Column type for bytes. */
  blobType: 'blob' | 'bytea';
  /** Whether `SELECT … FOR UPDATE` exists (SQLite serializes writers instead). */
  rowLocks: boolean;
  /**
   * `column IN ids` with the ids as one bound value, whatever their number: the statement's
   * text is the same for every batch (one prepared statement) and no batch meets the limit
   * on bound parameters. SQLite reads a JSON array (`json_each`), PostgreSQL an array (`= any`).
   */
  idsIn(column: string, ids: readonly number[]): RawBuilder<SqlBool>;
  /**
   * Whether the database itself announces committed changes to listeners (PostgreSQL's
   * LISTEN/NOTIFY, fired by triggers); without it the live feed polls the audit tables.
   */
  changeNotifications: boolean;
  /** Full-text matching over the indexes of migration 003. */
  search: SearchDialect;
  /** The database's own full-text highlighter, for the snippets of search results. */
  highlighter: SearchHighlighter;
  /**
   * Upkeep the full-text indexes need to keep erasure cheap (merging FTS5's segments);
   * null where the index needs none (PostgreSQL's GIN indexes are part of their tables).
   */
  searchIndexUpkeep: SearchIndexUpkeep | null;
  /**
   * The files the database keeps its pages in, for a byte scan after an erasure; null where
   * this process cannot read them (a database server).
   */
  databaseFiles: ((db: Kysely<Database>) => Promise<string[]>) | null;
  /** What the live schema declares, read from the dialect's catalog (the current schema only, on PostgreSQL). */
  catalog: DialectCatalog;
  /**
   * Lets a column hold NULL (for migrations). PostgreSQL alters the column; SQLite has no
   * ALTER COLUMN, so the table is rebuilt with its rows, ids and indexes.
   */
  dropNotNull(db: Kysely<any>, table: string, column: string): Promise<void>;
  /**
   * Creates the full-text index `search_<table>` over one text column (for migrations after
   * 003): an FTS5 external-content table kept in step by triggers on SQLite, a GIN expression
   * index on PostgreSQL. Either way the database keeps it in step with every write.
   */
  createTextIndex(db: Kysely<any>, table: string, column: string): Promise<void>;
}

/** Where indexed text lives; each source maps a match to the id of a ticket, user, organization or group. */
/** `chat_message` maps a chat message to its chat's id (GET /chat/chats/search). */
/** `hc_translation` and `hc_revision` map an article's text (current, or a replaced one) to the article's id (docs/help-centre.md). */
export type TextSource = 'ticket_subject' | 'comment' | 'attachment' | 'user' | 'identity' | 'organization' | 'group' | 'chat_message' | 'hc_translation' | 'hc_revision';

/** A phrase of tokens (one token for a word); `prefix` makes the last one a prefix. */
export interface TextMatch {
  tokens: string[];
  prefix: boolean;
}

/** The tables whose own rows can be found by their indexed text (erasure planning reads rows, not owners). */
export type IndexedTable = 'tickets' | 'comments' | 'attachments' | 'chat_messages' | 'hc_translations' | 'hc_revisions';

/** How to find the ids whose text matches any of the terms. */
export interface SearchDialect {
  /** A subquery selecting one column: the owning ticket, user, organization or group id. */
  idsMatching(source: TextSource, terms: TextMatch[]): RawBuilder<unknown>;
  /**
   * A subquery selecting `id`: the rows of the table whose indexed text (a ticket's subject,
   * a comment's text, an attachment's file name) holds any of the terms, within (after, upTo].
   */
  rowsMatching(table: IndexedTable, terms: TextMatch[], range?: { after: number; upTo: number }): RawBuilder<unknown>;
  /**
   * A column the planner should filter on but not pick an index for. Without statistics
   * SQLite takes `state = 'active'` for selective and scans every active ticket instead of
   * looking up the few that matched.
   */
  filterOnly(column: RawBuilder<unknown>): RawBuilder<unknown>;
}

/** What a highlighter puts around each match: strings the text cannot hold (the caller picks them at random). */
export interface HighlightMarks {
  start: string;
  stop: string;
}

/** One row's highlighted text, for its owner (a ticket, user, organization or group). */
export interface HighlightedText {
  owner: number;
  text: string;
}

/** Where the terms of a search are in the text of its results, marked by the database's own highlighter. */
export interface SearchHighlighter {
  /**
   * The text of the rows of `source` owned by `ownerIds` that hold any of the terms, each match
   * between the marks: a subject, file name or name whole; a comment, a profile (name, alias,
   * notes) or an identity as one fragment of about 24 words, with `…` where it was cut. The text
   * is the row's own, not escaped. Rows holding none of the terms are left out; ordered by
   * owner, then row id.
   */
  fragments(db: Kysely<Database>, source: TextSource, ownerIds: number[], terms: TextMatch[], marks: HighlightMarks): Promise<HighlightedText[]>;
}

/** Merging a full-text index's segments in bounded steps (src/domain/redaction/compact-search-indexes.ts). */
export interface SearchIndexUpkeep {
  /** The index tables. */
  indexes: readonly string[];
  /** How many segments an index has, and whether a merge is under way. */
  segments(db: Kysely<Database>, index: string): Promise<{ segments: number; merging: boolean }>;
  /** One merge step of about `pages` pages; `start` begins a merge of every segment. True when it did work. */
  mergeStep(db: Kysely<Database>, index: string, pages: number, start: boolean): Promise<boolean>;
  /**
   * Until `resumeSecureDelete` in the same transaction, deletes leave a marker in the index
   * instead of rewriting its pages (about 15× cheaper a row), so the removed tokens stay in
   * old pages: every index is recorded as owing a purge, in the same commit.
   */
  deferSecureDelete(trx: Kysely<Database>, now: string): Promise<void>;
  resumeSecureDelete(trx: Kysely<Database>): Promise<void>;
  /** The indexes that owe a purge. */
  owedPurges(db: Kysely<Database>): Promise<string[]>;
  /** Rewrites the index as one b-tree without what was deleted from it, and clears its debt, in one commit. */
  purge(db: Kysely<Database>, index: string): Promise<void>;
}

/** A foreign key as the database itself declares it: `table.column` references `to`. */
export interface LiveForeignKey {
  table: string;
  column: string;
  to: string;
}

export type RelationKind = 'table' | 'index' | 'sequence' | 'toast' | 'statistics';

/** One relation of the live database; `table` is the table it belongs to, when it is not one. */
export interface LiveRelation {
  kind: RelationKind;
  name: string;
  table?: string;
}

/** Reads of the dialect's own catalog. */
export interface DialectCatalog {
  /**
   * Every single- or multi-column foreign key, one row per column. The erasure map is held
   * to these: a column the database knows to be a reference must be declared as one
   * (graph.ts, foreignKeyProblems).
   */
  foreignKeys(db: Kysely<Database>): Promise<LiveForeignKey[]>;
  /**
   * Every relation the database holds, beyond the tables Kysely shows: internal, virtual
   * and shadow tables, indexes, sequences, TOAST tables, and the tables the planner keeps
   * statistics of. The stores inventory (src/domain/erasure/stores.ts) must answer for each.
   */
  relations(db: Kysely<Database>): Promise<LiveRelation[]>;
  /** The leading column of every index, by table: a lookup by that column uses an index. */
  indexedLeadingColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>>;
  /** A condition true where the column's bytes hold the needle (byte-wise, case-sensitive); `type` is its declared type. */
  holdsText(column: string, type: string, needle: string): RawBuilder<SqlBool>;
}
