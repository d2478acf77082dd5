import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { mailDb } from '../db/queries/mail.ts';
import { suspendContact } from '../domain/contacts/suspend-contact.ts';
import { importMail, mboxMessages, type NotStored } from './import.ts';
import type { Ctx } from '../context.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/oubli.js');

function eml(from: string, subject: string, body: string, extra = ''): string {
  return `From: ${from}\nTo: support@oubli.test\nSubject: ${subject}\n${extra}\n${body}\n`;
}

/** An mbox as mail programs write it: `From ` separator lines, `>From ` quoting in bodies. */
function mbox(messages: string[]): Buffer {
  return Buffer.from(
    messages.map((m) => `From MAILER-DAEMON Thu Nov 20 10:00:00 2026\n${m.replace(/^(>*From )/gm, '>$1')}\n`).join(''),
    'latin1',
  );
}

describeEachDb('import-mail', (kind) => {
  let t: TestApp;
  let dir: string;
  beforeEach(async () => {
    t = await createTestApp(kind);
    dir = mkdtempSync(join(tmpdir(), 'oubli-mail-import-'));
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const opts = { supportAddresses: ['support@oubli.test'], maxBytes: 1 << 20, notify: false };
  const db = () => mailDb(t.store.db);

  it('splits an mbox byte for byte, threads its replies, skips duplicates and queues no acknowledgements', async () => {
    const file = join(dir, 'old.mbox');
    writeFileSync(
      file,
      mbox([
        eml('Ann <ann@example.test>', 'First', 'Hello\nFrom the start of a line\n>From quoted', 'Message-ID: <m1@example.test>\n'),
        eml('ann@example.test', 'Re: First', 'caf\xe9 in latin-1', 'Message-ID: <m2@example.test>\nIn-Reply-To: <m1@example.test>\nContent-Type: text/plain; charset=iso-8859-1\n'),
        eml('ann@example.test', 'First', 'Hello again', 'Message-ID: <m1@example.test>\n'),
        eml('Ben <ben@example.test>', 'Other', 'separate'),
      ]),
    );
    const counts = await importMail(t.ctx, file, opts);
    expect(counts).toMatchObject({ created: 2, comment: 1, duplicate: 1, failed: 0 });
    const tickets = await db().selectFrom('tickets').selectAll().orderBy('id').execute();
    expect(tickets.map((x) => x.subject)).toEqual(['First', 'Other']);
    const comments = await db().selectFrom('comments').selectAll().where('ticket_id', '=', tickets[0]!.id).orderBy('id').execute();
    expect(comments.map((c) => c.body.trim())).toEqual(['Hello\nFrom the start of a line\n>From quoted', 'café in latin-1']);
    expect(await db().selectFrom('outbound_mail').selectAll().execute()).toHaveLength(0);
    // Running it again stores nothing twice.
    expect(await importMail(t.ctx, file, opts)).toMatchObject({ created: 0, comment: 0, duplicate: 4 });
  });

  it('reads a directory of .eml files (nested, hidden ones left out) and refuses blocked senders', async () => {
    const blocked = await t.contact({ email: 'blocked@example.test' });
    await suspendContact(t.ctx, { userId: blocked });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.eml'), eml('a@example.test', 'A', 'a'));
    writeFileSync(join(dir, 'sub', 'b.eml'), eml('b@example.test', 'B', 'b'));
    writeFileSync(join(dir, 'c.eml'), eml('blocked@example.test', 'C', 'c'));
    writeFileSync(join(dir, '.hidden.eml'), eml('h@example.test', 'H', 'h'));
    writeFileSync(join(dir, 'big.eml'), eml('big@example.test', 'Big', 'x'.repeat(2 << 20)));
    const counts = await importMail(t.ctx, dir, opts);
    expect(counts).toMatchObject({ created: 2, refused_suspended: 1, too_big: 1 });
    expect((await db().selectFrom('tickets').select('subject').orderBy('id').execute()).map((r) => r.subject)).toEqual(['A', 'B']);
  });

  it('tells where each message it could not store is and why, and a rerun stores it once', async () => {
    const file = join(dir, 'in.mbox');
    const body = mbox([
      eml('a@example.test', 'A', 'a', 'Message-ID: <a@example.test>\n'),
      eml('b@example.test', 'B', 'b'),
      eml('c@example.test', 'C', 'c', 'Message-ID: <c@example.test>\n'),
    ]);
    writeFileSync(file, body);
    // The disk fails for the second message's transaction (outside Oubli, so simulated).
    let calls = 0;
    const failing: Ctx = {
      ...t.ctx,
      db: new Proxy(t.ctx.db, {
        get(target, prop, receiver) {
          if (prop === 'transaction' && ++calls === 2) {
            return () => ({ execute: async () => Promise.reject(Object.assign(new Error('disk I/O error at row b@example.test'), { name: 'SqliteError', code: 'SQLITE_IOERR' })) });
          }
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
    };
    const skipped: NotStored[] = [];
    const counts = await importMail(failing, file, { ...opts, onNotStored: (m) => skipped.push(m) });
    expect(counts).toMatchObject({ created: 2, failed: 1 });
    const second = body.indexOf('From MAILER-DAEMON', 1);
    expect(skipped).toEqual([
      { where: `in.mbox message 2 (byte ${second})`, kind: 'failed', reason: 'database error (SqliteError SQLITE_IOERR); run the import again to retry it' },
    ]);
    // No personal data in the report: not the address the database message quoted.
    expect(JSON.stringify(skipped)).not.toContain('example.test');
    // The rerun stores the failed one; the others (one of them without a Message-ID) are recognised.
    const again = await importMail(t.ctx, file, { ...opts, onNotStored: (m) => skipped.push(m) });
    expect(again).toMatchObject({ created: 1, duplicate: 2, failed: 0 });
    expect(await db().selectFrom('raw_messages').selectAll().execute()).toHaveLength(3);
    expect(skipped).toHaveLength(1);
  });

  it('queues acknowledgements only when asked to', async () => {
    writeFileSync(join(dir, 'a.eml'), eml('a@example.test', 'A', 'a'));
    await importMail(t.ctx, join(dir, 'a.eml'), { ...opts, notify: true });
    expect(await db().selectFrom('outbound_mail').selectAll().execute()).toHaveLength(1);
  });
});

it('mbox splitting keeps CRLF messages and a last message without a trailing blank line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oubli-mbox-'));
  try {
    const file = join(dir, 'x.mbox');
    writeFileSync(file, 'From a@b Thu\r\nSubject: one\r\n\r\nbody one\r\n\r\nFrom c@d Fri\r\nSubject: two\r\n\r\nbody two');
    const out: string[] = [];
    for await (const m of mboxMessages(file)) out.push(m.raw.toString());
    expect(out).toEqual(['Subject: one\r\n\r\nbody one\r\n', 'Subject: two\r\n\r\nbody two']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('oubli import-mail prints a progress bar and a summary, and fails clearly on a missing path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oubli-import-cli-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, OUBLI_LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    const data = join(dir, 'data');
    await run(process.execPath, [BIN, 'setup', '--owner-email', 'o@oubli.test', '--owner-name', 'O', '--data-dir', data], { env });
    const file = join(dir, 'in.mbox');
    writeFileSync(file, mbox([eml('x@example.test', 'X', 'x'), eml('y@example.test', 'Y', 'y')]));
    const r = await run(process.execPath, [BIN, 'import-mail', file, '--progress', '--data-dir', data], { env });
    expect(r.stdout).toContain('Imported 2 messages:');
    expect(r.stdout).toContain('2 new tickets');
    expect(r.stderr).toMatch(/\[#+\] 100% 2 messages/);
    // A message too big and a refused one are listed by place and reason; the big one fails the run.
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, '1.eml'), eml('z@example.test', 'Z', 'z'));
    writeFileSync(join(folder, '2.eml'), eml('big@example.test', 'Big', 'x'.repeat(4096)));
    writeFileSync(join(folder, '3.eml'), 'Subject: nobody\n\nno sender\n');
    const partly = await run(process.execPath, [BIN, 'import-mail', folder, '--mail-max-bytes', '2048', '--data-dir', data], { env }).catch((e) => e);
    expect(partly.code).toBe(1);
    expect(partly.stdout).toContain('1 new tickets');
    expect(partly.stdout).toMatch(/Not stored:\n  2\.eml: \d+ bytes, over the limit of 2048\n  3\.eml: refused: it has no sender address\n/);
    expect(partly.stdout).not.toContain('big@example.test');
    expect(partly.stderr).toContain('oubli import-mail: 1 of the messages could not be stored (listed above)');
    const missing = await run(process.execPath, [BIN, 'import-mail', join(dir, 'nope.mbox'), '--data-dir', data], { env }).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
