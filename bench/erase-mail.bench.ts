import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { migrate, openStore, type Store } from '../src/db/connect.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../src/context.ts';
import type { Database } from '../src/db/schema.ts';
import { deleteContact } from '../src/domain/contacts/delete-contact.ts';
import { eraseMailOfPersonStep, linkMailOfPerson } from '../src/domain/contacts/erase-contact-mail.ts';
import { eraseContact } from '../src/domain/contacts/erase-contact.ts';
import { addContact, generate } from './generate.ts';

// `node bin/run-ts.js bench/erase-mail.bench.ts` (DATABASE_URL for PostgreSQL): what the
// steps of issue 9 item 4 cost an erasure. A contact with 50 tickets of their own takes part
// by mail in N other people's tickets (on each: the requester's message, her reply From her
// with a 20 KB inline image whose Content-ID carries her domain, the requester's reply
// quoting her Message-ID, and she is a CC), in a helpdesk of 10,000 other tickets. The mail
// steps (link the threads, rewrite each message, redact each file) are timed apart from the
// rest of eraseContact.

const OTHER_TICKETS = 10_000;
const PARTICIPATION = [10, 100, 500];
const RUNS = 3;
const AT = '2026-11-01T09:00:00.000Z';
const IMAGE = Buffer.alloc(20_000, 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function mime(from: string, id: string, extra: string, body: string): Buffer {
  return Buffer.from(`From: ${from}\r\nTo: support@oubli.test\r\nSubject: Re: printer\r\nMessage-ID: <${id}>\r\n${extra}MIME-Version: 1.0\r\n${body}`);
}

function herReply(n: number, k: number): Buffer {
  const b = `b${n}x${k}`;
  return mime(
    `"Bench Person ${n}" <person${n}@person${n}.bench>`,
    `r${k}.${n}@mail.person${n}.bench`,
    `In-Reply-To: <q${k}@other.bench>\r\nCc: other${k}@other.bench\r\n`,
    `Content-Type: multipart/related; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Mine too <img src="cid:img${k}@person${n}.bench"></p>\r\n` +
      `--${b}\r\nContent-Type: image/png\r\nContent-ID: <img${k}@person${n}.bench>\r\nContent-Transfer-Encoding: base64\r\n\r\n${IMAGE.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${b}--\r\n`,
  );
}

/** N tickets of other people on which the contact took part by mail, as the receiving path leaves them. */
async function takePart(db: Kysely<Database>, userId: number, agentId: number, requesterId: number, n: number, tickets: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let k = 0; k < tickets; k++) {
      const { id: ticketId } = await trx
        .insertInto('tickets')
        .values({
          external_id: null, subject: 'printer', status: 'open', priority: null, type: null, requester_id: requesterId, submitter_id: requesterId,
          assignee_id: agentId, organization_id: null, group_id: null, brand_id: null, channel: 'email', custom_fields: null, due_at: null,
          state: 'active', spam_cause: null, state_changed_at: null, state_actor_id: null, solved_at: null, erased_at: null, created_at: AT, updated_at: AT,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const comment = async (author: number, body: string) =>
        (await trx.insertInto('comments').values({ ticket_id: ticketId, author_id: author, body, html_body: `<p>${body}</p>`, plain_body: body, public: 1, channel: 'email', created_at: AT }).returning('id').executeTakeFirstOrThrow()).id;
      const raw = async (commentId: number, data: Buffer) =>
        (await trx.insertInto('raw_messages').values({ ticket_id: ticketId, comment_id: commentId, size: data.length, data, created_at: AT }).returning('id').executeTakeFirstOrThrow()).id;
      const c1 = await comment(requesterId, 'It broke');
      await raw(c1, mime('requester@other.bench', `q${k}@other.bench`, '', 'Content-Type: text/plain\r\n\r\nIt broke\r\n'));
      const c2 = await comment(userId, 'Mine too');
      const r2 = await raw(c2, herReply(n, k));
      await trx.insertInto('raw_message_people').values({ raw_message_id: r2, user_id: userId }).execute();
      await trx
        .insertInto('attachments')
        .values({ ticket_id: ticketId, comment_id: c2, upload_token: null, uploader_id: null, file_name: 'IMG.png', content_type: 'image/png', size: IMAGE.length, inline: 1, content_id: `img${k}@person${n}.bench`, data: IMAGE, created_at: AT })
        .execute();
      const c3 = await comment(requesterId, 'Thanks');
      await raw(c3, mime('requester@other.bench', `q${k}b@other.bench`, `In-Reply-To: <r${k}.${n}@mail.person${n}.bench>\r\nReferences: <q${k}@other.bench> <r${k}.${n}@mail.person${n}.bench>\r\n`, 'Content-Type: text/plain\r\n\r\nThanks\r\n'));
      await trx.insertInto('ticket_collaborators').values({ ticket_id: ticketId, user_id: userId }).execute();
    }
  });
}

async function run(store: Store) {
  const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: () => store.checkpoint() };
  const { agentId } = await generate(store.db, { tickets: OTHER_TICKETS, commentsPerTicket: 3 });
  const requester = (await store.db.selectFrom('users').select('id').where('role', '=', 'end-user').executeTakeFirstOrThrow()).id;
  const lines: string[] = [];
  for (const n of PARTICIPATION) {
    const mail: number[] = [];
    const cpu: number[] = [];
    const rest: number[] = [];
    let counts = { raw_messages_rewritten: 0, attachments_redacted: 0 };
    for (let i = 0; i < RUNS; i++) {
      const id = await addContact(store.db, agentId, { tickets: 50, commentsPerTicket: 4 });
      await store.db.updateTable('identities').set({ value: `person${id}@person${id}.bench`, value_key: `person${id}@person${id}.bench` }).where('user_id', '=', id).execute();
      await takePart(store.db, id, agentId, requester, id, n);
      await deleteContact(ctx, { userId: id });
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await store.db.transaction().execute((trx) => linkMailOfPerson(trx, id));
      counts = { raw_messages_rewritten: 0, attachments_redacted: 0 };
      for (;;) {
        const r = await store.db.transaction().execute((trx) => eraseMailOfPersonStep(ctx, trx, id));
        counts.raw_messages_rewritten += r.counts.raw_messages_rewritten;
        counts.attachments_redacted += r.counts.attachments_redacted;
        if (r.done === 0) break;
      }
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      // The rest of the erasure (its own mail pass now finds nothing left).
      await eraseContact(ctx, { userId: id });
      const t2 = performance.now();
      mail.push(t1 - t0);
      rest.push(t2 - t1);
    }
    lines.push(
      `| ${store.caps.name} | ${n} | ${counts.raw_messages_rewritten} | ${counts.attachments_redacted} | ${median(mail).toFixed(0)} ms (${(median(mail) / n).toFixed(1)} ms per ticket; CPU ${(median(cpu) / n).toFixed(1)} ms) | ${median(rest).toFixed(0)} ms |`,
    );
  }
  return lines;
}

const dataDir = mkdtempSync(join(tmpdir(), 'oubli-bench-mail-'));
const store = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, dataDir } : { dataDir });
try {
  await migrate(store);
  const lines = await run(store);
  console.log('| database | other tickets she took part in | messages rewritten | files redacted | mail steps | rest of the erasure (50 own tickets) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const l of lines) console.log(l);
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
