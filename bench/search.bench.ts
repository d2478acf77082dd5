// Search latency over a large SQLite database: a five-term person search (name, email,
// phone, alias, second email, OR-ed as an erasure request searches) run many times.
//
//   node bin/run-ts.js bench/search.bench.ts [--comments=1000000] [--runs=50] [--keep=DIR]
//
// The generator is exported so other benchmarks can build the same database.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { migrate, openStore } from '../src/db/connect.ts';
import { sqliteFile } from '../src/db/dialects/sqlite.ts';
import { buildApp } from '../src/http/app.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { silentLogger, SYSTEM_ACTOR } from '../src/context.ts';
import { searchAll } from '../src/search/service.ts';

/** The person the benchmark looks for, planted in a few dozen tickets. */
export const PERSON = {
  name: 'Anna Karenina',
  email: 'anna.k@example.com',
  email2: 'anna.karenina@work.example',
  phone: '+44 20 7946 0958',
  alias: 'annak',
};
export const PERSON_QUERY = `"${PERSON.name}" OR ${PERSON.email} OR "${PERSON.phone}" OR ${PERSON.alias} OR ${PERSON.email2}`;

// A deterministic generator, so every run builds the same data.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Olga', 'Ivan', 'Maria', 'Pierre', 'Natasha', 'Lev', 'Sofia', 'Dmitri', 'Elena', 'Konstantin', 'Kitty', 'Alexei', 'Darya', 'Sergei', 'Vera', 'Boris', 'Lisa', 'Andrei', 'Marta', 'Nikolai'];
const LAST = ['Ivanova', 'Petrov', 'Smirnova', 'Bezukhov', 'Rostova', 'Levin', 'Oblonsky', 'Shcherbatsky', 'Vronsky', 'Bolkonsky', 'Kuragin', 'Drubetskoy', 'Karagina', 'Denisov', 'Dolokhov'];

function vocabulary(rand: () => number, n: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = new Set<string>();
  while (out.size < n) {
    let w = '';
    const len = 3 + Math.floor(rand() * 7);
    for (let i = 0; i < len; i++) w += letters[Math.floor(rand() * 26)];
    out.add(w);
  }
  return [...out];
}

export interface GeneratedData {
  users: number;
  tickets: number;
  comments: number;
  attachments: number;
  personTickets: number;
  personUserId: number;
  seconds: number;
}

/**
 * Fills a migrated database file: users with identities, tickets, comments (about 10 per
 * ticket), attachments; the PERSON as a contact, named in some subjects, comments and file
 * names. Multi-row inserts in large transactions; the search triggers index as it goes.
 */
export function generateSearchData(file: string, opts: { comments: number; log?: (s: string) => void }): GeneratedData {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const rand = rng(42);
  const words = vocabulary(rand, 20_000);
  // Zipf-like: most comments reuse common words, some rare ones.
  const word = () => words[Math.floor(words.length * Math.pow(rand(), 3))]!;
  const now = '2026-11-22T10:00:00.000Z';
  const nUsers = Math.max(1000, Math.round(opts.comments / 50));
  const nTickets = Math.max(100, Math.round(opts.comments / 10));

  const insertMany = (table: string, cols: string[], rows: unknown[][], chunk = 200) => {
    const one = `(${cols.map(() => '?').join(',')})`;
    const full = db.prepare(`insert into ${table}(${cols.join(',')}) values ${Array(chunk).fill(one).join(',')}`);
    let i = 0;
    for (; i + chunk <= rows.length; i += chunk) full.run(rows.slice(i, i + chunk).flat());
    if (i < rows.length) db.prepare(`insert into ${table}(${cols.join(',')}) values ${Array(rows.length - i).fill(one).join(',')}`).run(rows.slice(i).flat());
  };

  const personUserId = 1;
  db.transaction(() => {
    const users: unknown[][] = [];
    const identities: unknown[][] = [];
    users.push([PERSON.name, PERSON.alias, 'end-user', now, now]);
    identities.push([personUserId, 'email', PERSON.email, PERSON.email, 1, now, now]);
    identities.push([personUserId, 'email', PERSON.email2, PERSON.email2, 0, now, now]);
    identities.push([personUserId, 'phone_number', PERSON.phone, '+442079460958', 1, now, now]);
    for (let id = 2; id <= nUsers; id++) {
      const first = FIRST[id % FIRST.length]!;
      const last = LAST[Math.floor(id / FIRST.length) % LAST.length]!;
      users.push([`${first} ${last}`, null, 'end-user', now, now]);
      const email = `${first}.${last}${id}@example.com`.toLowerCase();
      identities.push([id, 'email', email, email, 1, now, now]);
      const phone = `+44 20 ${String(1000 + (id % 9000))} ${String(id).padStart(4, '0').slice(-4)}`;
      identities.push([id, 'phone_number', phone, phone.replace(/ /g, ''), 1, now, now]);
    }
    insertMany('users', ['name', 'alias', 'role', 'created_at', 'updated_at'], users);
    insertMany('identities', ['user_id', 'type', 'value', 'value_key', 'is_primary', 'created_at', 'updated_at'], identities);
  })();
  log(`  ${nUsers} users`);

  const mentions = [PERSON.name, PERSON.email, PERSON.phone, `call ${PERSON.alias}`, PERSON.email2];
  let personTickets = 0;
  let comments = 0;
  let attachments = 0;
  const batchTickets = 5000;
  for (let t0 = 1; t0 <= nTickets; t0 += batchTickets) {
    db.transaction(() => {
      const tickets: unknown[][] = [];
      const rows: unknown[][] = [];
      const files: unknown[][] = [];
      for (let id = t0; id < Math.min(t0 + batchTickets, nTickets + 1); id++) {
        const requester = 2 + Math.floor(rand() * (nUsers - 1));
        const every = Math.max(1, Math.floor(nTickets / 40));
        const aboutPerson = id % every === 0;
        const nth = Math.floor(id / every);
        if (aboutPerson) personTickets++;
        const subject = aboutPerson && nth % 3 === 0 ? `Question from ${PERSON.name}` : `${word()} ${word()} ${word()} ${word()}`;
        const created = new Date(Date.parse('2025-01-01T00:00:00Z') + id * 60_000).toISOString();
        tickets.push([subject, rand() < 0.5 ? 'solved' : 'open', aboutPerson ? personUserId : requester, 'email', created, created]);
        // Steered towards the exact total: the last ticket takes what is left.
        const left = opts.comments - comments;
        const n = id === nTickets ? left : Math.max(1, Math.round((left / (nTickets - id + 1)) * (0.5 + rand())));
        for (let c = 0; c < n && comments < opts.comments; c++, comments++) {
          const len = 15 + Math.floor(rand() * 25);
          const text: string[] = [];
          for (let w = 0; w < len; w++) text.push(word());
          if (aboutPerson && c === 0) text.splice(5, 0, mentions[nth % mentions.length]!);
          // Other people are named too, so the search has neighbours to tell apart.
          else if (rand() < 0.02) text.splice(3, 0, `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`);
          const body = text.join(' ');
          rows.push([id, requester, body, `<p>${body}</p>`, body, 'email', created]);
        }
        if (rand() < 0.2) {
          const name = aboutPerson && nth % 4 === 0 ? `passport ${PERSON.name}.pdf` : `${word()}-${word()}.pdf`;
          files.push([id, requester, name, 'application/pdf', 1, Buffer.from('x'), created]);
          attachments++;
        }
      }
      insertMany('tickets', ['subject', 'status', 'requester_id', 'channel', 'created_at', 'updated_at'], tickets);
      insertMany('comments', ['ticket_id', 'author_id', 'body', 'html_body', 'plain_body', 'channel', 'created_at'], rows);
      insertMany('attachments', ['ticket_id', 'uploader_id', 'file_name', 'content_type', 'size', 'data', 'created_at'], files);
    })();
    if ((t0 - 1) % 20_000 === 0) log(`  ${comments} comments, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { users: nUsers, tickets: nTickets, comments, attachments, personTickets, personUserId, seconds: (Date.now() - started) / 1000 };
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; p95: number; min: number; max: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), min: ms[0]!, max: ms[ms.length - 1]! };
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
  const nComments = Number(arg('comments', '1000000'));
  const runs = Number(arg('runs', '50'));
  const keep = arg('keep', '');
  const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'oubli-search-bench-'));
  const fmt = (r: { median: number; p95: number; min: number; max: number }) =>
    `median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;

  const fresh = !keep || !readdirSync(dataDir).includes('oubli.db');
  let store = await openStore({ dataDir });
  await migrate(store);
  if (fresh) {
    await store.close();
    console.log(`generating ${nComments} comments in ${dataDir} …`);
    const g = generateSearchData(sqliteFile(dataDir), { comments: nComments, log: console.log });
    console.log(`generated ${g.users} users, ${g.tickets} tickets, ${g.comments} comments, ${g.attachments} attachments; ` +
      `${g.personTickets} tickets about the person; ${g.seconds.toFixed(0)} s (${Math.round(g.comments / g.seconds)} comments/s)`);
    store = await openStore({ dataDir });
  }
  const bytes = readdirSync(dataDir).reduce((n, f) => n + statSync(join(dataDir, f)).size, 0);
  console.log(`database files: ${(bytes / 1024 / 1024).toFixed(0)} MiB`);

  const { db, caps } = store;
  const page = { page: 1, perPage: 100 };
  const first = await searchAll(db, caps, PERSON_QUERY, page);
  console.log(`person search: ${first.count} results (${first.rows.filter((r) => r.result_type === 'ticket').length} tickets on page 1)`);
  const service = await timeIt(runs, () => searchAll(db, caps, PERSON_QUERY, page));
  console.log(`five-term person search, service (count + first page of 100), ${runs} runs: ${fmt(service)}`);
  const tickets = await timeIt(runs, () => searchAll(db, caps, `type:ticket ${PERSON_QUERY}`, page));
  console.log(`same, type:ticket only: ${fmt(tickets)}`);
  const otherQuery = '"Boris Levin" OR boris.levin9@example.com OR "+44 20 1009 0009" OR borisl OR b.levin@work.example';
  const other = await searchAll(db, caps, otherQuery, page);
  const stranger = await timeIt(runs, () => searchAll(db, caps, otherQuery, page));
  console.log(`five-term search for another person (${other.count} results, the name is common): ${fmt(stranger)}`);

  const ctx = { db, caps, now: () => new Date('2026-11-22T10:00:00Z'), log: silentLogger, actor: SYSTEM_ACTOR };
  // A fixed address: on a kept database the second run gets a new token for the same owner.
  const owner = await setupOwner(ctx, { email: 'bench-owner@oubli.test', name: 'Bench Owner' });
  {
    const app = await buildApp({ store, now: ctx.now, logger: false });
    const auth = `Bearer ${owner.token}`;
    const url = `/api/v2/search?query=${encodeURIComponent(PERSON_QUERY)}`;
    const http = await timeIt(runs, () => app.inject({ method: 'GET', url, headers: { authorization: auth } }));
    console.log(`same over HTTP (GET /api/v2/search, presented): ${fmt(http)}`);
    await app.close();
  }
  const v = (await import('../src/db/dialects/sqlite.ts')).openSqlite(':memory:').raw.prepare('select sqlite_version() as v').get() as { v: string };
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, SQLite ${v.v}`);
  await store.close();
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await main();
