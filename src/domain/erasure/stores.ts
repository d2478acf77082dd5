import type { RelationKind } from '../../db/dialects/caps.ts';

// Every place Oubli writes that can hold something about a person, beyond the columns of
// the erasure map (which declares those one by one, map/): the database's own tables and
// files, the search index, planner statistics, logs, job results, outgoing mail, caches in
// the server and in the agent's browser. Each store says how an erasure and a redaction
// reach it. stores.test.ts enumerates the real stores — every relation of the live schema
// on both databases, every file of the data directory after a busy run, every source file
// that writes files, browser storage or process-wide caches — and fails on one that no
// entry covers; docs/erasure-proof.md's table is rendered from this list (stores-doc.ts).

export type Dialect = 'sqlite' | 'postgres';

/** A place in the code that implements an answer: the test checks the file has the symbol. */
export interface CodeRef {
  file: string;
  symbol: string;
}

/** How an erasure (or a redaction) reaches a store. */
export type Reach =
  /** The erasure walker, column by column as the erasure map says. */
  | { by: 'walker'; how: string; code: CodeRef }
  /** Kept in step with its source rows by the database itself, in the same transaction. */
  | { by: 'derived'; how: string }
  /** An explicit step of the product after or during the removal. */
  | { by: 'step'; how: string; code: CodeRef }
  /** Holds ids, counts, hashes or fixed words only, by construction. */
  | { by: 'never-personal'; how: string; code?: CodeRef }
  /** Personal values are kept out of it before they are ever written. */
  | { by: 'never-collected'; how: string; code: CodeRef }
  /** Held for a bounded time only, then gone without any step. */
  | { by: 'expires'; how: string }
  /** Outside the product's reach: what an operator schedules (docs/operations.md). */
  | { by: 'operator'; how: string };

/** How stores.test.ts recognises the live things an entry covers. */
export interface Covers {
  /** Relations of the live database: by kind and name, or the erasure map's own tables. */
  relations?: readonly ({ kind: RelationKind; name: RegExp } | { kind: 'table'; mapped: 'source' | 'derived' })[];
  /** Files of the data directory, by path relative to it. */
  files?: readonly RegExp[];
  /** Source files that write to this store (file system, browser storage, process memory, a relay). */
  writers?: readonly string[];
}

export interface DataStore {
  id: string;
  name: string;
  on: readonly Dialect[];
  /** What of a person it can hold. */
  holds: string;
  erasure: Reach;
  redaction: Reach;
  /** Tests that prove the answer. */
  proof?: readonly string[];
  covers?: Covers;
}

const both: readonly Dialect[] = ['sqlite', 'postgres'];
const walker: CodeRef = { file: 'src/domain/erasure/walker.ts', symbol: 'eraseRow' };
const checkpoint: CodeRef = { file: 'src/domain/redaction/common.ts', symbol: 'checkpointAfter' };
const PROOF = 'test/proof/erasure-proof.test.ts';
const STATS_PROOF = 'test/proof/statistics-proof.test.ts';
const CHECKPOINT_PROOF = 'test/proof/checkpoint-proof.test.ts';

/** The inventory. */
export const STORES: readonly DataStore[] = [
  {
    id: 'tables',
    name: 'Tables: every column of the erasure map',
    on: both,
    holds: 'profiles, identities, tickets, comments, tags, custom fields, attachments, raw mail, erasure-request terms and snippets, CSAT and NPS comments and the NPS name and email copies',
    erasure: { by: 'walker', how: 'each column’s fate in the erasure map: rows deleted deepest first, users and tickets scrubbed to their tombstones; survey answers to tombstones that keep their scores (docs/satisfaction.md)', code: walker },
    redaction: { by: 'step', how: 'the redaction actions rewrite body, html_body and plain_body, the attachment and the stored raw mail in one transaction', code: { file: 'src/domain/redaction/redact-comment.ts', symbol: 'redactCommentText' } },
    proof: [PROOF, 'src/domain/erasure/map.test.ts', 'test/proof/satisfaction-proof.test.ts'],
    covers: { relations: [{ kind: 'table', mapped: 'source' }] },
  },
  {
    id: 'raw-mail',
    name: 'Stored raw mail (raw_messages.data: headers and every part)',
    on: both,
    holds: 'the message as received: From/To/Cc headers, subject, every text and HTML part, attached files',
    erasure: { by: 'step', how: 'deleted with its ticket or its comment; a message on someone else’s ticket that names her is rewritten: her mailboxes, the message ids and Content-IDs carrying her address or domain, her addresses in any other header', code: { file: 'src/domain/contacts/erase-contact-mail.ts', symbol: 'eraseMailOfPersonStep' } },
    redaction: { by: 'step', how: 'the string is replaced in every decoded text part and in header values; an attachment’s part becomes an empty redacted.txt', code: { file: 'src/domain/redaction/common.ts', symbol: 'editRawMessages' } },
    proof: [PROOF, 'src/http/routes/redaction-mail.test.ts', 'src/domain/contacts/erase-contact-mail.test.ts'],
  },
  {
    id: 'attachments',
    name: 'Attachments and inline images (attachments.data; Oubli writes no files of its own)',
    on: both,
    holds: 'file names and bytes',
    erasure: { by: 'walker', how: 'deleted with their ticket or comment; an unused upload with its uploader; a file she sent on someone else’s ticket becomes an empty redacted.txt (erase-contact-mail.ts)', code: walker },
    redaction: { by: 'step', how: 'the row becomes an empty redacted.txt, and its part of the raw mail with it', code: { file: 'src/domain/redaction/redact-attachment.ts', symbol: 'redactAttachment' } },
    proof: [PROOF, CHECKPOINT_PROOF],
  },
  {
    id: 'help-centre-articles',
    name: 'Knowledge base articles: every translation and every revision of each (hc_translations, hc_revisions), their files (hc_article_attachments.data)',
    on: both,
    holds: 'text written for readers that can name a person, in the current text of each locale and in every text a save replaced; images and files shown with it',
    erasure: {
      by: 'step',
      how: 'the erasure request searches every translation and revision and proposes deleting the article forever (every translation, revision, label, file, comment and vote in one transaction) or redacting the term in every copy; an erased agent’s articles stay, written by the stub',
      code: { file: 'src/domain/erasure-requests/help-centre-matches.ts', symbol: 'applyArticles' },
    },
    redaction: { by: 'step', how: 'PUT /help_center/articles/{id}/redact replaces the string with ▇ in the title and body of every translation and every revision, and their indexed text', code: { file: 'src/domain/help-centre/redact-article.ts', symbol: 'redactArticlePatternInTransaction' } },
    proof: ['test/proof/help-centre-proof.test.ts', 'src/domain/erasure-requests/help-centre-matches.test.ts'],
  },
  {
    id: 'search-index-sqlite',
    name: 'Full-text index, SQLite: FTS5 tables search_* and their shadow tables',
    on: ['sqlite'],
    holds: 'the tokens of subjects, comments, attachment names, profiles and identities',
    erasure: { by: 'derived', how: 'triggers delete and re-insert the tokens with the row; FTS5 secure-delete takes them out of the index pages (a deferred path for erasures of a large share of the helpdesk, a purge that rewrites the index, is built and off for now: purge-search-indexes.ts)' },
    redaction: { by: 'derived', how: 'the update trigger replaces the old tokens with the redacted text’s' },
    proof: [PROOF],
    covers: { relations: [{ kind: 'table', mapped: 'derived' }] },
  },
  {
    id: 'search-index-postgres',
    name: 'Full-text index, PostgreSQL: GIN expression indexes search_*',
    on: ['postgres'],
    holds: 'the lexemes of subjects, comments, attachment names, profiles and identities',
    erasure: { by: 'derived', how: 'no query or lookup finds the row once it is gone; the entry’s bytes stay until VACUUM and REINDEX (docs/operations.md)' },
    redaction: { by: 'derived', how: 'the row’s new version is indexed; the old entry goes with VACUUM' },
    proof: [PROOF],
    covers: { relations: [{ kind: 'index', name: /^search_/ }] },
  },
  {
    id: 'indexes',
    name: 'Other indexes (btree, primary keys, unique constraints)',
    on: both,
    holds: 'copies of indexed columns: identities.value_key, tags, external ids, upload tokens, erasure-request terms',
    erasure: { by: 'derived', how: 'the entry goes with the row; SQLite zeroes it (secure_delete); PostgreSQL keeps its bytes until REINDEX' },
    redaction: { by: 'derived', how: 'as for an erasure' },
    covers: { relations: [{ kind: 'index', name: /./ }] },
  },
  {
    id: 'sqlite-stat1',
    name: 'SQLite planner counts (sqlite_stat1)',
    on: ['sqlite'],
    holds: 'nothing: table and index names with row counts and rows per key',
    erasure: { by: 'never-personal', how: 'numbers only' },
    redaction: { by: 'never-personal', how: 'numbers only' },
    proof: [STATS_PROOF],
    covers: { relations: [{ kind: 'table', name: /^sqlite_stat1$/ }] },
  },
  {
    id: 'sqlite-stat4',
    name: 'SQLite planner samples (sqlite_stat4)',
    on: ['sqlite'],
    holds: 'up to 24 sampled keys of every index: addresses, tags, external ids, full-text terms',
    erasure: { by: 'step', how: 'only samples of indexes made entirely of plain columns (states, times, ids) are kept: Oubli’s own ANALYZE (PRAGMA optimize at open) deletes the others in the transaction that collected them, and the step after every erasure deletes any an operator’s ANALYZE left', code: { file: 'src/db/dialects/sqlite-statistics.ts', symbol: 'dropStatisticsSamples' } },
    redaction: { by: 'step', how: 'the same step runs after every redaction', code: checkpoint },
    proof: [STATS_PROOF],
    covers: { relations: [{ kind: 'table', name: /^sqlite_stat4$/ }] },
  },
  {
    id: 'sqlite-sequence',
    name: 'SQLite id counters (sqlite_sequence)',
    on: ['sqlite'],
    holds: 'nothing: the highest id of each table',
    erasure: { by: 'never-personal', how: 'numbers only' },
    redaction: { by: 'never-personal', how: 'numbers only' },
    covers: { relations: [{ kind: 'table', name: /^sqlite_sequence$/ }] },
  },
  {
    id: 'migrations',
    name: 'Migration bookkeeping (kysely_migration, kysely_migration_lock)',
    on: both,
    holds: 'nothing: migration names and times',
    erasure: { by: 'never-personal', how: 'file names of src/db/migrations' },
    redaction: { by: 'never-personal', how: 'file names of src/db/migrations' },
    covers: { relations: [{ kind: 'table', name: /^kysely_migration(_lock)?$/ }, { kind: 'sequence', name: /^kysely_migration/ }] },
  },
  {
    id: 'sqlite-file',
    name: 'The database file’s freed pages and cells (oubli.db)',
    on: ['sqlite'],
    holds: 'whatever a deleted or overwritten row held',
    erasure: { by: 'step', how: 'PRAGMA secure_delete = ON on every connection zeroes freed space', code: { file: 'src/db/dialects/sqlite.ts', symbol: 'secure_delete = ON' } },
    redaction: { by: 'step', how: 'as for an erasure', code: { file: 'src/db/dialects/sqlite.ts', symbol: 'secure_delete = ON' } },
    proof: [PROOF],
    covers: { files: [/^oubli\.db$/], writers: ['src/db/dialects/sqlite.ts'] },
  },
  {
    id: 'sqlite-wal',
    name: 'The write-ahead log (oubli.db-wal)',
    on: ['sqlite'],
    holds: 'page images written since the last checkpoint, old and new',
    erasure: { by: 'step', how: 'wal_checkpoint(TRUNCATE) after every erasure; a busy one is logged (ids only) and the sweep checkpoints again', code: checkpoint },
    redaction: { by: 'step', how: 'the same after every redaction and permanent delete', code: checkpoint },
    proof: [PROOF, CHECKPOINT_PROOF],
    covers: { files: [/^oubli\.db-wal$/] },
  },
  {
    id: 'sqlite-shm',
    name: 'The WAL index (oubli.db-shm)',
    on: ['sqlite'],
    holds: 'nothing: page numbers and checksums of the log',
    erasure: { by: 'never-personal', how: 'no row content (the proof scans it anyway)' },
    redaction: { by: 'never-personal', how: 'no row content' },
    proof: [PROOF],
    covers: { files: [/^oubli\.db-shm$/] },
  },
  {
    id: 'pg-statistics',
    name: 'PostgreSQL planner statistics (pg_statistic, pg_stats)',
    on: ['postgres'],
    holds: 'most common values, histogram bounds and lexemes of each column and expression index',
    erasure: { by: 'never-collected', how: 'every personal column of the map, and every index expression over one, has statistics target 0, set by migrate() on every start', code: { file: 'src/db/dialects/postgres-statistics.ts', symbol: 'keepValuesOutOfPostgresStatistics' } },
    redaction: { by: 'never-collected', how: 'as for an erasure', code: { file: 'src/db/dialects/postgres-statistics.ts', symbol: 'keepValuesOutOfPostgresStatistics' } },
    proof: [STATS_PROOF, 'src/db/statistics.test.ts'],
    covers: { relations: [{ kind: 'statistics', name: /./ }] },
  },
  {
    id: 'pg-sequences',
    name: 'PostgreSQL id sequences',
    on: ['postgres'],
    holds: 'nothing: the last id handed out',
    erasure: { by: 'never-personal', how: 'numbers only' },
    redaction: { by: 'never-personal', how: 'numbers only' },
    covers: { relations: [{ kind: 'sequence', name: /_id_seq$/ }] },
  },
  {
    id: 'pg-toast',
    name: 'PostgreSQL TOAST tables (long values of each table)',
    on: ['postgres'],
    holds: 'long comment bodies, attachment and raw mail bytes',
    erasure: { by: 'walker', how: 'no query reads them once their row is gone; their bytes stay until VACUUM FULL or pg_repack (docs/operations.md)', code: walker },
    redaction: { by: 'derived', how: 'the new version is written; the old chunks go with VACUUM FULL' },
    covers: { relations: [{ kind: 'toast', name: /^pg_toast_/ }] },
  },
  {
    id: 'pg-physical',
    name: 'PostgreSQL dead row versions, WAL segments, archives, replicas and base backups',
    on: ['postgres'],
    holds: 'old versions of every row',
    erasure: { by: 'operator', how: 'VACUUM FULL or pg_repack and REINDEX, CHECKPOINT, and a retention for archives and backups (docs/operations.md)' },
    redaction: { by: 'operator', how: 'as for an erasure' },
  },
  {
    id: 'audit-events',
    name: 'Audit log (audit_events) and ticket history (ticket_audits)',
    on: both,
    holds: 'nothing: actions, ids, counts and states; free-text fields are named without their value',
    erasure: { by: 'never-personal', how: 'written with ids and counts only; kept references point at the stub', code: { file: 'src/domain/tickets/ticket-audit.ts', symbol: 'VALUE_FIELDS' } },
    redaction: { by: 'never-personal', how: 'a redaction is recorded by ids, never with the removed text', code: { file: 'src/domain/events.ts', symbol: 'recordEvent' } },
  },
  {
    // The analytics store (docs/reports.md): facts in the primary database.
    id: 'analytics',
    name: 'Report facts and daily rollups (ticket_facts, report_daily)',
    on: both,
    holds: 'nothing: ticket ids, times, durations, channel, status, group and brand ids, CSAT scores and counts; no requester, assignee or text',
    erasure: {
      by: 'never-personal',
      how: 'written by the ticket, comment and rating writes in their own transaction; an erasure stamps the fact erased in the same commit and changes no figure',
      code: { file: 'src/db/queries/reports-facts.ts', symbol: 'syncTicketFacts' },
    },
    redaction: { by: 'never-personal', how: 'holds no text to redact' },
    proof: ['test/proof/reports-proof.test.ts'],
  },
  {
    id: 'job-results',
    name: 'Background jobs and their results (jobs: payload, results, message)',
    on: both,
    holds: 'nothing: ids, outcomes and error codes',
    erasure: {
      by: 'never-personal',
      how: 'payloads are id lists (a bulk update carries its field changes, tags included, only until the job ends); results are {id, action, status, success, error code}',
      code: { file: 'src/jobs/runner.ts', symbol: 'enqueueBulkJob' },
    },
    redaction: { by: 'never-personal', how: 'as for an erasure' },
  },
  {
    id: 'outgoing-mail',
    name: 'Outgoing mail: the outbox (outbound_mail, and nps_recipients for NPS surveys) and mail handed to the relay',
    on: both,
    holds: 'queued rows hold ids only (an NPS recipient also the address copied at Send); the message is composed when it is sent, and a survey link’s secret exists only in the mail (its sha256 is stored)',
    erasure: { by: 'walker', how: 'queued rows go with their recipient, ticket or comment; mail already sent is in the recipient’s mailbox, outside Oubli', code: walker },
    redaction: { by: 'step', how: 'a message not yet sent is composed from the redacted comment', code: { file: 'src/domain/mail/prepare-outbound.ts', symbol: 'prepareOutbound' } },
    covers: { writers: ['src/mail/outbox.ts'] },
  },
  {
    id: 'webhooks',
    name: 'Webhooks: the outbox and invocation log (webhook_invocations), requests sent to endpoints, and the erasure ledger (data_recipients)',
    on: both,
    holds: 'a queued event holds ids and states; its body is built when it is sent, from the record as it then is, and the body last sent stays in the log 7 days; the ledger holds ids and recipient keys (webhook:12, user:45, token:3) only',
    erasure: {
      by: 'walker',
      how: 'an invocation goes with the person or ticket it is about, and after 7 days (the sweep) whatever it is about; erasure notices name their subject by id only; bodies already sent are at the receiver, which the erasure tells (ids only) through the ledger; ledger rows stay, pointing at the stub, and go when the recipient person is erased',
      code: walker,
    },
    redaction: { by: 'step', how: 'a redaction blanks the logged bodies of its ticket, person or organization in its own transaction; an event not yet sent is built from the redacted record', code: { file: 'src/domain/webhooks/queue-webhook-events.ts', symbol: 'queueWebhookEvents' } },
    proof: ['test/proof/webhooks-proof.test.ts'],
  },
  {
    id: 'sessions',
    name: 'Sign-in: sessions, password links and API tokens',
    on: both,
    holds: 'hashes of secrets and times; the browser holds the session cookie (a random token); end users’ help-centre sessions (cookie oubli_hc_session, path /hc) and their one-time sign-in links (purpose hc_signin) are rows here too (docs/help-centre-community.md)',
    erasure: { by: 'walker', how: 'deleted with the person they let in', code: walker },
    redaction: { by: 'never-personal', how: 'hashes only' },
  },
  {
    id: 'hc-signin-mail',
    name: 'Help-centre sign-in mail: the one-time link mailed to an end user (docs/help-centre-community.md)',
    on: both,
    holds: 'the link (a secret that works once, for 20 minutes) and the address it went to, handed to the relay at once; nothing of it is queued or stored, only the secret’s hash',
    erasure: { by: 'expires', how: 'the link stops working after 20 minutes or one use, and its hash goes with the person; the mail itself is in the recipient’s mailbox, outside Oubli' },
    redaction: { by: 'never-personal', how: 'a fixed text and a secret link, nothing a person wrote' },
    covers: { writers: ['src/mail/hc-signin-mail.ts'] },
  },
  {
    id: 'server-log',
    name: 'The server’s log (standard output of oubli serve)',
    on: both,
    holds: 'request lines, job and sweep outcomes, warnings',
    erasure: { by: 'never-personal', how: 'a request is its method and route pattern, an error its kind and code, and a log object keeps only the safe fields (ids, counts, codes), whatever a caller passes', code: { file: 'src/logging.ts', symbol: 'onlySafeFields' } },
    redaction: { by: 'never-personal', how: 'as for an erasure', code: { file: 'src/logging.ts', symbol: 'SAFE_FIELDS' } },
    proof: ['src/logging.test.ts'],
  },
  {
    id: 'password-limit',
    name: 'Password-limit counters (auth_attempts) and the servers’ shared secrets (server_secrets)',
    on: both,
    holds: 'keyed hashes (HMAC under a random server secret) of client addresses and emails, with counts per window',
    erasure: { by: 'expires', how: 'a counter is useless once its window is over (at most a day) and is deleted when a new window opens and by the sweep’s upkeep; a hash cannot be joined to a user row' },
    redaction: { by: 'expires', how: 'as for an erasure' },
  },
  {
    id: 'process-caches',
    name: 'Process-wide state of the server and of the web app',
    on: both,
    holds: 'nothing: per database handle, the erasure-map check’s promise, the names of the indexes whose samples may stay, the SQLite connection’s prepared statements (SQL text only: better-sqlite3 clears a statement’s bound values after each call), the PostgreSQL sessions’ named statements (SQL text only: values are bound per execution) and the password limit’s HMAC key; the web app’s sign-out listeners and CSRF token, and the staff sockets still being upgraded (WebSocket objects, so that sign-out can wait for them)',
    erasure: { by: 'never-personal', how: 'no values from rows are cached across requests', code: { file: 'src/domain/erasure/walker.ts', symbol: 'assertMapCoversSchema' } },
    redaction: { by: 'never-personal', how: 'as for an erasure' },
    covers: { writers: ['src/domain/erasure/walker.ts', 'src/db/dialects/sqlite-statistics.ts', 'src/db/dialects/sqlite-statements.ts', 'src/db/dialects/pg-statements.ts', 'src/domain/auth/password-limit.ts', 'web/src/lib/api.ts', 'web/src/lib/staff-socket.ts'] },
  },
  {
    id: 'live-feed',
    name: 'The live feed: messages to connected agents and between servers (WebSocket, pg_notify, server memory)',
    on: both,
    holds: 'ids only: which ticket or record changed, by whom (a user id), the action’s name; who is on which ticket (user and ticket ids, “viewing” or “replying”)',
    erasure: {
      by: 'never-personal',
      how: 'messages are built from ids and action names, never from rows’ text; presence lives in memory for at most 50 s after a tab’s last heartbeat, and an erased, suspended or signed-out agent’s sockets close at once',
      code: { file: 'src/http/live/hub.ts', symbol: 'toWire' },
    },
    redaction: { by: 'never-personal', how: 'as for an erasure' },
    proof: ['test/e2e/live.test.ts'],
    covers: { writers: ['src/http/live/hub.ts', 'src/http/live/presence.ts', 'src/db/dialects/changes-postgres.ts', 'src/db/migrations/2026-12-01-010-live-changes.ts'] },
  },
  {
    id: 'chat-sockets',
    name: 'Live chat in flight: the visitor and agent sockets and what servers tell each other about chats (WebSocket, pg_notify, server memory)',
    on: both,
    holds: 'the text of a chat line while it is being sent to the sockets of that chat (read from its row, kept nowhere); per socket, ids only (visitor, session, chat, agent); between servers, ids, flags and fixed words (a line or a chat changed, typing, an agent online)',
    erasure: {
      by: 'expires',
      how: 'a line is read from its row and sent at once, then freed; servers publish ids only (chat-wire.ts); a deleted chat is dropped from open sockets when its chat.deleted event is heard, a deleted or erased visitor’s sockets close (4410), and an erased or suspended agent’s at once (4401); who is online is forgotten 50 s after its last heartbeat',
    },
    redaction: { by: 'expires', how: 'as for an erasure: a redacted line is read redacted the next time it is sent' },
    proof: ['test/e2e/chat-live.test.ts', 'test/e2e/chat-servers.test.ts'],
    covers: { writers: ['src/http/chat/agent-hub.ts', 'src/http/chat/visitor-hub.ts', 'src/http/chat/agents-online.ts', 'src/http/chat/chat-wire.ts'] },
  },
  {
    id: 'chat-widget-storage',
    name: 'The chat widget’s storage in the visitor’s browser, on the customer’s site (localStorage key oubli.chat.token), which the server cannot reach',
    on: both,
    holds: 'a random secret that names the visitor to the server; nothing else (no name, no lines)',
    erasure: {
      by: 'never-personal',
      how: 'random bytes, derived from nothing of the person; the server keeps only its sha256 (visitors.token_hash), erased with the visitor, after which the secret names nobody: a hello with it makes a new visitor and the widget stores the new secret; a socket closed with 4410 (visitor gone) makes the widget forget it',
      code: { file: 'src/domain/chat/chat-rules.ts', symbol: 'newVisitorToken' },
    },
    redaction: { by: 'never-personal', how: 'as for an erasure' },
    proof: ['test/e2e/chat-live.test.ts', 'test/e2e/chat-widget.test.ts'],
    covers: { writers: ['web/src/widget/storage.ts', 'src/shared/chat-live.ts'] },
  },
  {
    id: 'public-limit-counters',
    name: 'Counters of the limits on public endpoints (server memory, rate-limiter-flexible)',
    on: both,
    holds: 'per client network and action, a count and when its window ends, keyed by a sha256 of the network (an IPv4 address or an IPv6 /64), never the address itself',
    erasure: {
      by: 'expires',
      how: 'each counter goes when its window ends (10 minutes at most) and with the process; the key is a hash of the network, so it names no one a request could ask about',
    },
    redaction: { by: 'expires', how: 'as for an erasure' },
    proof: ['test/e2e/chat-limits.test.ts'],
    covers: { writers: ['src/http/public-limits.ts'] },
  },
  {
    id: 'request-memory',
    name: 'Requests, SMTP sessions and recording downloads in flight (server memory)',
    on: both,
    holds: 'a request body, a message being received, or a call recording being fetched from the integration (stored only once whole); refused mail and refused downloads are never stored',
    erasure: { by: 'expires', how: 'freed when the request or session ends' },
    redaction: { by: 'expires', how: 'as for an erasure' },
  },
  {
    id: 'browser-query-cache',
    name: 'The agent’s open web app (React Query cache in the tab’s memory)',
    on: both,
    holds: 'what the tab has shown: tickets, contacts, comments',
    erasure: { by: 'expires', how: 'stale after 5 s and refetched when shown or focused; erased data then answers 404; cleared on sign-out' },
    redaction: { by: 'expires', how: 'as for an erasure' },
    covers: { writers: ['web/src/main.tsx'] },
  },
  {
    id: 'browser-chats',
    name: 'The agent’s Chats page (the chat socket’s chats, lines and drafts in the tab’s memory; the History page’s chats read from the Chat API; desktop notifications)',
    on: both,
    holds: 'waiting and active chats as the agent socket sent them (visitors’ names, emails, pages, IP, browser, lines), the agent’s unsent drafts; on History, the 50 newest or found chats and the one open, as GET /chat/chats answered; notifications carry fixed words only',
    erasure: {
      by: 'expires',
      how: 'memory of the open tab only (no browser storage): a deleted chat leaves at the server’s chat_gone, and everything goes on sign-out or when the tab closes; History reads the API again each time it is opened or searched (a chat deleted elsewhere stays in an open History list until then); a notification says “A chat is waiting”, never who (web/src/lib/chat-notify.ts)',
    },
    redaction: { by: 'expires', how: 'as for an erasure: the next `ready` (a reconnect) or `chat` message replaces the redacted lines and files' },
    covers: { writers: ['web/src/lib/chat.tsx', 'web/src/lib/chat-notify.ts', 'web/src/pages/chats/HistoryPage.tsx'] },
  },
  {
    id: 'browser-storage',
    name: 'The agent’s browser storage (localStorage key oubli.jobs)',
    on: both,
    holds: 'nothing: ids of bulk jobs, counts and error codes of their results',
    erasure: { by: 'never-personal', how: 'labels are counts ("Delete 3 contacts"), results come from job_statuses', code: { file: 'web/src/lib/jobs.tsx', symbol: 'oubli.jobs' } },
    redaction: { by: 'never-personal', how: 'as for an erasure' },
    covers: { writers: ['web/src/lib/jobs.tsx'] },
  },
  {
    id: 'browser-drafts',
    name: 'Copies of reply drafts in the agent’s browser (localStorage keys oubli:draft:<agent>:<ticket>), which the server cannot reach',
    on: both,
    holds: 'the words and field values of a reply written while the server could not take it',
    erasure: {
      by: 'expires',
      how: 'removed by the web app once the server has the draft, when read or at start-up after 7 days, when the ticket page finds the ticket closed, deleted or erased (404), when its agent signs out and when another agent signs in on that browser; a browser never opened again keeps it, out of the server’s reach',
    },
    redaction: {
      by: 'step',
      how: 'when the live feed reports a redaction on the ticket, the open page removes the copy and reads the server’s draft (redacted there) before saving again; a browser not open then keeps its copy until one of the removals above',
      code: { file: 'web/src/pages/ticket/useDraft.ts', symbol: 'redacted' },
    },
    proof: ['test/browser/local-drafts.test.ts', 'test/proof/draft-proof.test.ts'],
    covers: { writers: ['web/src/lib/local-drafts.ts'] },
  },
  {
    id: 'browser-http-cache',
    name: 'The agent’s browser HTTP cache',
    on: both,
    holds: 'API answers and attachments, if they were cached',
    erasure: { by: 'never-collected', how: 'every API answer carries Cache-Control: no-store (attachments: private, no-store), so no browser or proxy keeps a copy', code: { file: 'src/http/no-store.ts', symbol: 'registerNoStore' } },
    redaction: { by: 'never-collected', how: 'as for an erasure', code: { file: 'src/http/no-store.ts', symbol: 'registerNoStore' } },
    proof: ['src/http/no-store.test.ts'],
  },
  {
    id: 'backups',
    name: 'Backups and copies of the data directory or the database',
    on: both,
    holds: 'whatever the database held when they were taken',
    erasure: { by: 'operator', how: 'a retention no longer than the promise made to people; a restore is followed by replaying the erasures since (audit log, by id)' },
    redaction: { by: 'operator', how: 'as for an erasure' },
  },
];
