// Erasure requests at scale (issue 4): the time to plan and to execute a request for a
// contact with 1,000 requested tickets, and with 70,000, in a SQLite database of 1 million
// comments (bench/search.bench.ts's generator), with peak memory to show it stays bounded.
//
//   node --expose-gc bin/run-ts.js bench/erasure-request.bench.ts [--comments=1000000] [--contacts=1000,70000]
//        [--execute-limit-minutes=60] [--keep=DIR] [--write]
//
// With --expose-gc, the live heap is measured after a collection at every step: the figure
// that shows memory stays bounded (RSS also holds garbage not yet collected and SQLite's cache).
// --keep reuses (or leaves) the generated database in DIR; --write replaces the section
// between the erasure-request.bench markers in BENCHMARKS.md. An execution that would run
// past --execute-limit-minutes is stopped there and its rate reported instead.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { migrate, openStore, type Store } from '../src/db/connect.ts';
import { sqliteFile } from '../src/db/dialects/sqlite.ts';
import { silentLogger, SYSTEM_ACTOR, withActor, type Ctx } from '../src/context.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { getUser } from '../src/db/queries/users.ts';
import { actorOf } from '../src/domain/auth/actor.ts';
import { getRequest, countMatches } from '../src/db/queries/erasure-requests.ts';
import { openErasureRequest } from '../src/domain/erasure-requests/open-erasure-request.ts';
import { updateErasureRequest } from '../src/domain/erasure-requests/update-erasure-request.ts';
import { executeErasureRequest } from '../src/domain/erasure-requests/execute-erasure-request.ts';
import { advanceErasureRequest } from '../src/domain/erasure-requests/advance-erasure-request.ts';
import { generateSearchData } from './search.bench.ts';

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const NOW = new Date('2026-11-22T10:00:00.000Z');
const CONTACT = { name: 'Darya Oblonskaya', email: 'darya.o@example.com', phone: '+44 20 7946 0311' };
/** Other people's tickets that name the contact (some closed, some with her name in a file name). */
const MENTIONS = 100;

// Sampled after every step: SQLite answers synchronously, so a timer would rarely get a turn.
let peakRss = 0;
let peakHeap = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (gc) {
    gc();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
};
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** The contact: `tickets` requested tickets of 3 comments (hers, the agent's, hers), plus mentions of her elsewhere. */
async function addContact(db: Kysely<any>, tickets: number, agentId: number, otherId: number): Promise<number> {
  const at = NOW.toISOString();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('users')
      .values({ name: CONTACT.name, alias: null, role: 'end-user', is_owner: 0, can_delete_tickets: 0, suspended: 0, verified: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('identities').values([
      { user_id: id, type: 'email', value: CONTACT.email, value_key: CONTACT.email, verified: 1, is_primary: 1, released: 0, created_at: at, updated_at: at },
      { user_id: id, type: 'phone_number', value: CONTACT.phone, value_key: CONTACT.phone.replace(/ /g, ''), verified: 1, is_primary: 1, released: 0, created_at: at, updated_at: at },
    ]).execute();
    const ticket = (requester: number, i: number, status: string) => ({
      subject: `Order ${i} question`, status, priority: 'normal', type: 'question', requester_id: requester, submitter_id: requester,
      assignee_id: agentId, brand_id: 1, channel: 'email', state: 'active', created_at: at, updated_at: at,
    });
    const comment = (ticketId: number, author: number, body: string) => ({ ticket_id: ticketId, author_id: author, body, html_body: `<p>${body}</p>`, plain_body: body, public: 1, channel: 'email', created_at: at });
    for (let start = 0; start < tickets; start += 2000) {
      const n = Math.min(2000, tickets - start);
      const rows = Array.from({ length: n }, (_, k) => ticket(id, start + k, (start + k) % 4 === 0 ? 'closed' : 'open'));
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) ids.push(...(await trx.insertInto('tickets').values(rows.slice(i, i + 500)).returning('id').execute()).map((r: any) => r.id));
      const comments = ids.flatMap((tid, k) => [
        comment(tid, id, `Hello, ${CONTACT.name} here about order ${start + k}. ${k % 50 === 0 ? `My new number is 07911 12${String(3400 + (k % 97)).padStart(4, '0')}.` : ''}`),
        comment(tid, agentId, `Thanks ${CONTACT.name.split(' ')[0]}, we are looking into it.`),
        comment(tid, id, `Regards, ${CONTACT.name} (${CONTACT.email})`),
      ]);
      for (let i = 0; i < comments.length; i += 500) await trx.insertInto('comments').values(comments.slice(i, i + 500)).execute();
    }
    for (let i = 0; i < MENTIONS; i++) {
      const { id: tid } = await trx.insertInto('tickets').values(ticket(otherId, i, i % 5 === 0 ? 'closed' : 'open')).returning('id').executeTakeFirstOrThrow();
      const { id: cid } = await trx.insertInto('comments').values(comment(tid, otherId, `My neighbour ${CONTACT.name} can confirm, call ${CONTACT.phone}`)).returning('id').executeTakeFirstOrThrow();
      if (i % 10 === 0) {
        await trx.insertInto('attachments').values({ ticket_id: tid, comment_id: cid, uploader_id: otherId, file_name: `letter from ${CONTACT.name}.pdf`, content_type: 'application/pdf', size: 1, inline: 0, data: Buffer.from('x'), created_at: at }).execute();
      }
    }
    return id;
  });
}

interface Figure {
  tickets: number;
  planSeconds: number;
  planSteps: number;
  matches: number;
  executeSeconds: number | null;
  executeSteps: number;
  executedTickets: number;
  stoppedEarly: boolean;
  peakRss: number;
  baseRss: number;
  /** Live heap after a collection, before planning and at its peak (0 without --expose-gc). */
  baseHeap: number;
  peakHeap: number;
}

async function runJob(ctx: Ctx, requestId: number, limitMs = Infinity): Promise<{ steps: number; stopped: boolean }> {
  let steps = 0;
  const started = performance.now();
  for (;;) {
    const r = await getRequest(ctx.db, requestId);
    const step = await advanceErasureRequest(ctx, { requestId, jobId: r!.job_id! });
    steps++;
    sample();
    if (step.done) return { steps, stopped: false };
    if (performance.now() - started > limitMs) return { steps, stopped: true };
  }
}

async function measure(store: Store, admin: Ctx, tickets: number, ids: { agentId: number; otherId: number }, limitMinutes: number): Promise<Figure> {
  const t0 = performance.now();
  const contactId = await addContact(store.db as Kysely<any>, tickets, ids.agentId, ids.otherId);
  console.log(`  contact with ${tickets} tickets added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  gc?.();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = gc ? process.memoryUsage().heapUsed : 0;
  peakRss = baseRss;
  peakHeap = baseHeap;
  const p0 = performance.now();
  const requestId = await openErasureRequest(admin, { user_id: contactId });
  const plan = await runJob(admin, requestId);
  const planSeconds = (performance.now() - p0) / 1000;
  const matches = await countMatches(store.db, requestId);
  console.log(`  planned in ${planSeconds.toFixed(1)} s, ${plan.steps} steps, ${matches} matches; peak RSS ${mib(peakRss)}`);
  await updateErasureRequest(admin, { requestId, changes: { confirm_all: true } });
  const e0 = performance.now();
  await executeErasureRequest(admin, { requestId });
  const exec = await runJob(admin, requestId, limitMinutes * 60_000);
  const executeSeconds = (performance.now() - e0) / 1000;
  const after = await getRequest(store.db, requestId);
  const erased = JSON.parse(after!.counts).erased_requested_tickets as number;
  console.log(`  executed ${exec.stopped ? `(stopped at the limit) ` : ''}in ${executeSeconds.toFixed(1)} s, ${exec.steps} steps, ` +
    `${erased} requested tickets erased, status ${after!.status}; peak RSS ${mib(peakRss)}`);
  if (!exec.stopped && after!.status !== 'completed') throw new Error(`execution ended ${after!.status}`);
  return { tickets, planSeconds, planSteps: plan.steps, matches, executeSeconds, executeSteps: exec.steps, executedTickets: erased, stoppedEarly: exec.stopped, peakRss, baseRss, baseHeap, peakHeap };
}

function section(figures: Figure[], meta: { comments: number; dbBytes: number; machine: string; generated: string }): string {
  const rows = figures.map((f) => {
    const exec = f.stoppedEarly
      ? `stopped after ${(f.executeSeconds! / 60).toFixed(0)} min: ${f.executedTickets} of ${f.tickets} tickets erased, ` +
        `${(f.executedTickets / f.executeSeconds!).toFixed(1)} tickets/s → about ${((f.tickets / (f.executedTickets / f.executeSeconds!)) / 60).toFixed(0)} min in all`
      : `${f.executeSeconds!.toFixed(1)} s (${f.executeSteps} steps)`;
    const rate = f.stoppedEarly ? '' : ` (${((f.executeSeconds! * 1000) / f.tickets).toFixed(1)} ms a ticket)`;
    const heap = f.peakHeap ? `${mib(f.baseHeap)} → ${mib(f.peakHeap)}` : '—';
    return `| ${f.tickets.toLocaleString('en')} | ${f.planSeconds.toFixed(1)} s (${f.planSteps} steps) | ${f.matches.toLocaleString('en')} | ${exec}${rate} | ${heap} | ${mib(f.baseRss)} → ${mib(f.peakRss)} |`;
  });
  return `<!-- erasure-request.bench:begin -->
## Erasure requests: planning and executing for a contact with many tickets

\`node --expose-gc bin/run-ts.js bench/erasure-request.bench.ts --keep=DIR --write\` (bench/erasure-request.bench.ts). A SQLite
database of ${meta.comments.toLocaleString('en')} comments (bench/search.bench.ts's generator, ${meta.generated};
${mib(meta.dbBytes)} of files) gets a contact with N requested tickets of 3 comments each (her two name her, her signature
holds her email, every 50th ticket gives a new phone number; the agent's in between) and ${MENTIONS} other people's
tickets that name her (a fifth closed, a tenth with her name in a file name). The request is
opened, planned to \`ready\` (every step of the background job run in a row, as the job runner
does), every match confirmed, and executed to \`completed\`: third parties' comments redacted,
closed tickets erased, her tickets erased 20 per step, then her. Memory is sampled before
planning and after every step of planning and execution: the live JavaScript heap after a
forced collection (what the work holds), and the process's RSS (which also holds garbage not
yet collected and SQLite's page cache). The times include those collections.

| requested tickets | plan | matches | execute | live heap before → peak | RSS before → peak |
| ---: | ---: | ---: | --- | ---: | ---: |
${rows.join('\n')}

Where the time goes: planning is a handful of full-text lookups per 50,000 ids of each searched
table plus one pass over her tickets (listing them, and reading what she wrote for suggestions);
it grows with her tickets, not with the helpdesk. Execution is dominated by erasing her own
tickets to tombstones, the per-ticket cost of \`eraseContact\` ("Erasing a contact" above:
FTS5 \`secure-delete\` rewrites index pages for every deleted comment); the smaller request
pays a few fixed seconds (the first erasure's schema check, cold caches, the third parties'
redactions and closed tickets) over fewer tickets. Memory does not grow with her tickets:
every step reads a bounded batch (500 candidate rows, 2,000 tickets, 20 erasures), and
matches and terms are rows, never a list in one row.

${meta.machine}
<!-- erasure-request.bench:end -->`;
}

async function main(): Promise<void> {
  const nComments = Number(arg('comments', '1000000'));
  const sizes = arg('contacts', '1000,70000').split(',').map(Number);
  const limitMinutes = Number(arg('execute-limit-minutes', '60'));
  const keep = arg('keep', '');
  const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'oubli-erasure-request-bench-'));
  let generated = 'kept from an earlier run';
  let store = await openStore({ dataDir });
  const fresh = !existsSync(join(dataDir, 'bench-ready'));
  if (fresh) {
    await migrate(store);
    await store.close();
    console.log(`generating ${nComments} comments in ${dataDir} …`);
    const g = generateSearchData(sqliteFile(dataDir), { comments: nComments, log: console.log });
    generated = `${g.comments.toLocaleString('en')} comments generated in ${g.seconds.toFixed(0)} s`;
    writeFileSync(join(dataDir, 'bench-ready'), '');
    store = await openStore({ dataDir });
  }
  const dbBytes = readdirSync(dataDir).reduce((n, f) => n + statSync(join(dataDir, f)).size, 0);
  const base: Ctx = { db: store.db, caps: store.caps, now: () => NOW, log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint };
  const owner = await setupOwner(base, { email: 'bench-owner@oubli.test', name: 'Bench Owner' }).catch(() => null);
  const ownerRow = await (store.db as Kysely<any>).selectFrom('users').selectAll().where('is_owner', '=', 1).executeTakeFirstOrThrow();
  void owner;
  const admin = withActor(base, actorOf((await getUser(store.db, ownerRow.id))!)!);
  const agentId = (await (store.db as Kysely<any>).insertInto('users').values({ name: 'Bench Agent', role: 'agent', is_owner: 0, can_delete_tickets: 1, suspended: 0, verified: 1, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).returning('id').executeTakeFirstOrThrow()).id;
  const otherId = (await (store.db as Kysely<any>).insertInto('users').values({ name: 'Boris Levin', role: 'end-user', is_owner: 0, can_delete_tickets: 0, suspended: 0, verified: 1, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).returning('id').executeTakeFirstOrThrow()).id;

  const figures: Figure[] = [];
  for (const n of sizes) {
    console.log(`contact with ${n} tickets:`);
    figures.push(await measure(store, admin, n, { agentId, otherId }, limitMinutes));
  }
  const v = (await import('../src/db/dialects/sqlite.ts')).openSqlite(':memory:').raw.prepare('select sqlite_version() as v').get() as { v: string };
  const machine = `Measured ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.version}, SQLite ${v.v}; the machine is shared with other work.`;
  const text = section(figures, { comments: nComments, dbBytes, machine, generated });
  console.log(`\n${text}`);
  await store.close();
  if (process.argv.includes('--write')) {
    const file = resolve(import.meta.dirname, '../BENCHMARKS.md');
    const old = readFileSync(file, 'utf8');
    const at = old.indexOf('<!-- erasure-request.bench:begin -->');
    const endMark = '<!-- erasure-request.bench:end -->';
    const stop = old.indexOf(endMark);
    writeFileSync(file, at !== -1 && stop > at ? old.slice(0, at) + text + old.slice(stop + endMark.length) : `${old.trimEnd()}\n\n${text}\n`);
  }
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}

await main();
