import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb } from '../../test/db.ts';
import { suspendContact } from '../domain/contacts/suspend-contact.ts';
import { addIdentity } from '../domain/contacts/add-identity.ts';
import { markSpam } from '../domain/tickets/mark-spam.ts';
import { deleteTicket } from '../domain/tickets/delete-ticket.ts';
import { eraseTicket } from '../domain/tickets/erase-ticket.ts';
import { rawSmtp } from '../../test/smtp.ts';
import { MAX, SUPPORT, smtpFixture } from '../../test/smtp-fixture.ts';

// What mail must not do: blocked senders, erased tickets, loops, oversized and malformed
// messages, a failing database. Each case checks that nothing was stored.
describeEachDb('mail in over SMTP: refusals and bad mail', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, count, counts, lastTicket, commentsOf, userByEmail } = f;

  it('refuses a suspended contact by envelope sender and by From header, any of their addresses, storing nothing', async () => {
    const id = await f.t().contact({ name: 'Spammer', email: 'spam@example.test' });
    await addIdentity(f.t().ctx, { userId: id, identity: { type: 'email', value: 'alias@example.test' } });
    await suspendContact(f.t().ctx, { userId: id });
    const before = await counts();
    await expect(send({ from: 'spam@example.test', subject: 'buy', text: 'now' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'alias@example.test', subject: 'buy', text: 'now' })).rejects.toMatchObject({ responseCode: 550 });
    // Envelope clean, From header suspended: refused after DATA.
    await expect(
      send({ from: 'Spammer <alias@example.test>', envelope: { from: 'innocent@example.test', to: [SUPPORT] }, subject: 'buy', text: 'now' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    // Envelope suspended, From header clean: refused at MAIL FROM.
    const raw = await rawSmtp(f.port(), { mailFrom: 'SPAM@example.test', rcptTo: [SUPPORT], data: 'From: x@example.test\r\n\r\nhi\r\n' });
    expect(raw[2]!.code).toBe(550);
    expect(await counts()).toEqual(before);
  });

  it('never lets a suspended requester reopen their spam ticket by replying', async () => {
    await send({ from: 'sam@example.test', subject: 'Win', text: 'prize', messageId: '<spam1@example.test>' });
    const ticket = await lastTicket();
    await markSpam(f.t().ctx, { ticketId: ticket.id });
    const before = await counts();
    await expect(
      send({ from: 'sam@example.test', subject: `Re: [#${ticket.id}] Win`, text: 'again', inReplyTo: '<spam1@example.test>' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await counts()).toEqual(before);
    expect((await db().selectFrom('tickets').select('state').where('id', '=', ticket.id).executeTakeFirstOrThrow()).state).toBe('spam');
  });

  it("never brings an erased ticket back: its Message-ID is dropped, a reply into its thread refused", async () => {
    const msg = { from: 'ivy@example.test', subject: 'Forget me', text: 'secret words', messageId: '<erase-me@example.test>' };
    await send(msg);
    const ticket = await lastTicket();
    await deleteTicket(f.t().ctx, { ticketId: ticket.id });
    await eraseTicket(f.t().ctx, { ticketId: ticket.id, from: 'deleted' });
    expect(await count('raw_messages')).toBe(0);
    const before = await counts();
    expect((await send(msg)).response).toMatch(/^250/);
    expect(await counts()).toEqual(before);
    await expect(send({ from: 'ivy@example.test', subject: 'Re: Forget me', text: 'hello?', inReplyTo: '<erase-me@example.test>' })).rejects.toMatchObject({
      responseCode: 550,
    });
    expect(await counts()).toEqual(before);
    const tomb = await db().selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(tomb).toMatchObject({ state: 'erased', subject: null });
  });

  it('stores automated mail (auto-replies, bulk, lists, bounces) without acknowledging it', async () => {
    await send({ from: 'ooo@example.test', subject: 'Out of office', text: 'away', headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ from: 'news@example.test', subject: 'Newsletter', text: 'news', headers: { Precedence: 'bulk' } });
    await send({ from: 'list@example.test', subject: 'List post', text: 'post', headers: { 'List-Id': '<list.example.test>' } });
    await send({ from: 'MAILER-DAEMON@example.test', subject: 'Undelivered', text: 'bounce', envelope: { from: '', to: [SUPPORT] } });
    expect(await count('tickets')).toBe(4);
    expect(await count('outbound_mail')).toBe(0);
    // Auto-Submitted: no is a person.
    await send({ from: 'human@example.test', subject: 'Hello', text: 'me', headers: { 'Auto-Submitted': 'no' } });
    expect(await count('outbound_mail')).toBe(1);
  });

  it('drops our own mail coming back, and refuses recipients that are not support addresses', async () => {
    const before = await counts();
    expect((await send({ from: SUPPORT, subject: 'loop', text: 'x' })).response).toMatch(/^250/);
    expect(await counts()).toEqual(before);
    await expect(send({ from: 'a@example.test', to: 'someone@else.test', subject: 'x', text: 'y' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses a message over the size limit with 552, by SIZE and by data, and keeps serving', async () => {
    const big = 'x'.repeat(MAX + 10);
    const bySize = await rawSmtp(f.port(), { mailFrom: 'big@example.test', mailParams: `SIZE=${MAX + 1000}`, rcptTo: [SUPPORT] });
    expect(bySize[2]!.code).toBe(552);
    const byData = await rawSmtp(f.port(), { mailFrom: 'big@example.test', rcptTo: [SUPPORT], data: `From: big@example.test\r\nSubject: big\r\n\r\n${big}\r\n` });
    expect(byData.at(-1)!.code).toBe(552);
    await expect(send({ from: 'big@example.test', subject: 'big', text: big })).rejects.toMatchObject({ responseCode: 552 });
    expect(await count('tickets')).toBe(0);
    expect((await send({ from: 'small@example.test', subject: 'small', text: 'ok' })).response).toMatch(/^250/);
  });

  it('answers malformed mail with a stored ticket or a clear 5xx, never a crash', async () => {
    const cases: [string, Buffer | string, string][] = [
      ['garbage', Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10, 0x80, 0x81]), 'g@example.test'],
      ['no from header', 'Subject: nobody\r\n\r\nbody\r\n', 'envelope-only@example.test'],
      ['unparseable from', 'From: not an address\r\nSubject: bad from\r\n\r\nbody\r\n', 'env2@example.test'],
      ['unknown charset', 'From: cs@example.test\r\nSubject: =?x-unknown?Q?hi?=\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla\xe9\r\n', 'cs@example.test'],
      ['empty body', 'From: empty@example.test\r\nSubject: empty\r\n\r\n', 'empty@example.test'],
      [
        'broken mime',
        'From: mime@example.test\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\ntext\r\n--zz\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=a.bin\r\n\r\n!!!not base64@@@\r\n',
        'mime@example.test',
      ],
    ];
    for (const [name, data, from] of cases) {
      const answers = await rawSmtp(f.port(), { mailFrom: from, rcptTo: [SUPPORT], data });
      expect(answers.at(-1)!.code, name).toBe(250);
    }
    expect(await count('tickets')).toBe(cases.length);
    const empty = await userByEmail('empty@example.test');
    const emptyTicket = await db().selectFrom('tickets').selectAll().where('requester_id', '=', empty!.id).executeTakeFirstOrThrow();
    expect((await commentsOf(emptyTicket.id))[0]!.body).toBe('(This email had no text.)');
    expect(await userByEmail('envelope-only@example.test')).toBeTruthy();

    // Latin-1 bytes in a header keep their letters.
    const latin1 = Buffer.concat([Buffer.from('From: J'), Buffer.from([0xf6]), Buffer.from('rg <jorg@example.test>\r\nSubject: Gr'), Buffer.from([0xfc, 0xdf]), Buffer.from('e\r\n\r\nhallo\r\n')]);
    expect((await rawSmtp(f.port(), { mailFrom: 'jorg@example.test', rcptTo: [SUPPORT], data: latin1 })).at(-1)!.code).toBe(250);
    expect((await userByEmail('jorg@example.test'))?.name).toBe('Jörg');
    expect((await lastTicket()).subject).toBe('Grüße');

    // A bounce with no usable sender anywhere cannot become a ticket.
    const nobody = await rawSmtp(f.port(), { mailFrom: '', rcptTo: [SUPPORT], data: 'Subject: ?\r\n\r\nx\r\n' });
    expect(nobody.at(-1)!.code).toBe(550);
    expect((await send({ from: 'after@example.test', subject: 'still alive', text: 'yes' })).response).toMatch(/^250/);
  });

  it('answers 451 when the database fails while storing, with nothing half-stored, and stores the retry', async () => {
    if (kind === 'sqlite') {
      await sql`create trigger fail_raw before insert on raw_messages begin select raise(abort, 'disk on fire'); end`.execute(f.t().store.db);
    } else {
      await sql`create function fail_raw() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`.execute(f.t().store.db);
      await sql`create trigger fail_raw before insert on raw_messages for each row execute function fail_raw()`.execute(f.t().store.db);
    }
    const msg = { from: 'Kim <kim@example.test>', subject: 'Retry me', text: 'body', messageId: '<retry@example.test>' };
    const before = await counts();
    await expect(send(msg)).rejects.toMatchObject({ responseCode: 451 });
    expect(await counts()).toEqual(before);
    expect(await userByEmail('kim@example.test')).toBeUndefined();
    await sql`drop trigger fail_raw${sql.raw(kind === 'postgres' ? ' on raw_messages' : '')}`.execute(f.t().store.db);
    expect((await send(msg)).response).toMatch(/^250/);
    expect(await count('tickets')).toBe(before.tickets + 1);
  });
});
