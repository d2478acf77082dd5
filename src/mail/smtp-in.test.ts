import { expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDb } from '../../test/db.ts';
import { deleteContact } from '../domain/contacts/delete-contact.ts';
import { eraseContact } from '../domain/contacts/erase-contact.ts';
import { updateTicket } from '../domain/tickets/update-ticket.ts';
import { closeTicket } from '../domain/tickets/close-ticket.ts';
import { smtpFixture } from '../../test/smtp-fixture.ts';

describeEachDb('mail in over SMTP', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, count, counts, lastTicket, commentsOf, userByEmail } = f;

  it('turns mail from an unknown sender into a contact and an email ticket, keeping the raw message', async () => {
    const info = await send({ from: '"Ada Lovelace" <ada@example.test>', subject: 'Printer on fire', text: 'It is on fire.\nPlease help.', messageId: '<first.1@example.test>' });
    expect(info.response).toMatch(/^250/);
    const user = await userByEmail('ada@example.test');
    expect(user?.name).toBe('Ada Lovelace');
    expect(user?.role).toBe('end-user');
    const ticket = await lastTicket();
    expect(ticket).toMatchObject({ subject: 'Printer on fire', channel: 'email', status: 'new', requester_id: user!.id, state: 'active' });
    const [comment] = await commentsOf(ticket.id);
    expect(comment!.body).toContain('It is on fire.');
    expect(comment!.author_id).toBe(user!.id);
    expect(comment!.channel).toBe('email');
    const raw = await db().selectFrom('raw_messages').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(raw).toHaveLength(1);
    expect(Buffer.from(raw[0]!.data).toString()).toContain('Printer on fire');
    expect(raw[0]!.comment_id).toBe(comment!.id);
    const ack = await db().selectFrom('outbound_mail').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(ack).toMatchObject([{ kind: 'ack', recipient_id: user!.id, status: 'queued' }]);
    // The API shows it like any ticket.
    const api = await f.t().call('GET', `/api/v2/tickets/${ticket.id}`);
    expect(api.body.ticket.via.channel).toBe('email');
  });

  it('uses the address when the sender gives no display name, and HTML-only mail keeps its text', async () => {
    await send({ from: 'bob@example.test', subject: 'Hi', html: '<p>Hello <b>there</b></p>' });
    expect((await userByEmail('bob@example.test'))?.name).toBe('bob');
    const [c] = await commentsOf((await lastTicket()).id);
    expect(c!.plain_body).toContain('Hello there');
    expect(c!.html_body).toContain('<b>there</b>');
  });

  it('threads a reply by In-Reply-To and by References onto the same ticket', async () => {
    await send({ from: 'cy@example.test', subject: 'Question', text: 'one', messageId: '<q1@example.test>' });
    const ticket = await lastTicket();
    await send({ from: 'cy@example.test', subject: 'Re: Question', text: 'two', messageId: '<q2@example.test>', inReplyTo: '<q1@example.test>' });
    await send({
      from: 'cy@example.test',
      subject: 'Re: Re: Question',
      text: 'three',
      messageId: '<q3@example.test>',
      references: ['<unknown@elsewhere>', '<q2@example.test>'],
    });
    expect(await count('tickets')).toBe(1);
    expect((await commentsOf(ticket.id)).map((c) => c.body.trim())).toEqual(['one', 'two', 'three']);
    expect(await db().selectFrom('raw_messages').select('id').where('ticket_id', '=', ticket.id).execute()).toHaveLength(3);
    // A reply is not acknowledged again.
    expect(await count('outbound_mail')).toBe(1);
  });

  it('threads by [#id] in the subject for the requester, but not for a stranger', async () => {
    await send({ from: 'dee@example.test', subject: 'Broken', text: 'first' });
    const ticket = await lastTicket();
    await send({ from: 'dee@example.test', subject: `Re: [#${ticket.id}] Broken`, text: 'more from dee' });
    expect(await count('tickets')).toBe(1);
    expect(await commentsOf(ticket.id)).toHaveLength(2);
    await send({ from: 'mallory@example.test', subject: `[#${ticket.id}] let me in`, text: 'injected' });
    expect(await count('tickets')).toBe(2);
    expect(await commentsOf(ticket.id)).toHaveLength(2);
  });

  it('reopens a solved ticket; a reply to a closed one starts a follow-up that links back', async () => {
    await send({ from: 'eve@example.test', subject: 'Thing', text: 'x', messageId: '<t1@example.test>' });
    const ticket = await lastTicket();
    await updateTicket(f.t().ctx, { ticketId: ticket.id, changes: { status: 'solved' } });
    await send({ from: 'eve@example.test', subject: 'Re: Thing', text: 'still broken', messageId: '<t2@example.test>', inReplyTo: '<t1@example.test>' });
    const reopened = await db().selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(reopened.status).toBe('open');
    expect(reopened.solved_at).toBeNull();

    await updateTicket(f.t().ctx, { ticketId: ticket.id, changes: { status: 'solved' } });
    await closeTicket(f.t().ctx, { ticketId: ticket.id });
    const before = await commentsOf(ticket.id);
    await send({ from: 'eve@example.test', subject: 'Re: Thing', text: 'again', messageId: '<t3@example.test>', inReplyTo: '<t2@example.test>' });
    const followup = await lastTicket();
    expect(followup.id).not.toBe(ticket.id);
    expect(followup.channel).toBe('email');
    expect(await commentsOf(ticket.id)).toHaveLength(before.length);
    const link = await db().selectFrom('ticket_followups').selectAll().where('ticket_id', '=', followup.id).executeTakeFirst();
    expect(link?.source_ticket_id).toBe(ticket.id);
    expect((await db().selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('closed');
  });

  it('keeps attachments, zero-byte files and inline cid: images', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await send({
      from: 'fay@example.test',
      subject: 'Screenshots',
      text: 'see attached',
      html: '<p>see <img src="cid:shot1@fay"></p>',
      attachments: [
        { filename: 'report.pdf', content: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' },
        { filename: 'empty.txt', content: Buffer.alloc(0), contentType: 'text/plain' },
        { filename: 'shot.png', content: png, contentType: 'image/png', cid: 'shot1@fay' },
      ],
    });
    const ticket = await lastTicket();
    const files = await db().selectFrom('attachments').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
    files.sort((a, b) => a.file_name.localeCompare(b.file_name));
    expect(files.map((f) => [f.file_name, f.size, f.inline, f.content_id])).toEqual([
      ['empty.txt', 0, 0, null],
      ['report.pdf', 13, 0, null],
      ['shot.png', png.length, 1, 'shot1@fay'],
    ]);
    expect(Buffer.from(files[2]!.data).equals(png)).toBe(true);
    const [c] = await commentsOf(ticket.id);
    expect(files.every((f) => f.comment_id === c!.id)).toBe(true);
  });

  it('stores the same Message-ID once', async () => {
    const msg = { from: 'gus@example.test', subject: 'Dup', text: 'once', messageId: '<dup-1@example.test>' };
    await send(msg);
    const before = await counts();
    const again = await send(msg);
    expect(again.response).toMatch(/^250/);
    expect(await counts()).toEqual(before);
  });

  it('stores a message delivered on several connections at once exactly once, and makes one contact of a new sender', async () => {
    const same = { from: 'race@example.test', subject: 'Race', text: 'same', messageId: '<race-1@example.test>' };
    const results = await Promise.all([send(same), send(same), send(same)]);
    expect(results.every((r) => r.response.startsWith('250'))).toBe(true);
    expect(await count('tickets')).toBe(1);
    // Several new messages from one new sender at once: one contact, every message stored. On
    // PostgreSQL a delivery can find the address free and then see it taken by one that just
    // committed; rounds of six make that race likely enough to catch a regression.
    for (let round = 0; round < 4; round++) {
      const from = `Twin <twin${round}@example.test>`;
      const sent = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => send({ from, subject: `Twin ${i}`, text: String(i), messageId: `<twin-${round}-${i}@example.test>` })));
      expect(sent.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const twins = await db().selectFrom('identities').select('user_id').where('value_key', '=', `twin${round}@example.test`).execute();
      expect(twins).toHaveLength(1);
    }
    expect(await count('tickets')).toBe(1 + 4 * 6);
  });

  it('erasing the contact takes their raw emails, files and outbox rows, keeping only the Message-ID hashes', async () => {
    const marker = `MARKER${Date.now()}XYZ`;
    await send({
      from: `Zed ${marker} <zed@example.test>`,
      subject: `Subject ${marker}`,
      text: `Body ${marker}`,
      messageId: '<zed-1@example.test>',
      attachments: [{ filename: `${marker}.txt`, content: `file ${marker}` }],
    });
    const ticket = await lastTicket();
    await deleteContact(f.t().ctx, { userId: ticket.requester_id });
    await eraseContact(f.t().ctx, { userId: ticket.requester_id });
    expect(await db().selectFrom('raw_messages').selectAll().where('ticket_id', '=', ticket.id).execute()).toHaveLength(0);
    expect(await db().selectFrom('outbound_mail').selectAll().where('ticket_id', '=', ticket.id).execute()).toHaveLength(0);
    expect(await db().selectFrom('attachments').selectAll().where('ticket_id', '=', ticket.id).execute()).toHaveLength(0);
    expect(await db().selectFrom('ticket_message_ids').selectAll().where('ticket_id', '=', ticket.id).execute()).toHaveLength(1);
    // And the re-delivered message stays out.
    expect((await send({ from: 'zed@example.test', subject: 'again', text: 'x', messageId: '<zed-1@example.test>' })).response).toMatch(/^250/);
    expect(await count('tickets')).toBe(1);
    if (kind === 'sqlite') {
      expect((await f.t().store.checkpoint()).busy).toBe(false);
      const dir = f.t().store.dataDir;
      for (const file of readdirSync(dir)) {
        expect(readFileSync(join(dir, file)).includes(marker), file).toBe(false);
      }
    }
  });

  it("makes a deleted contact's address a new contact and a new ticket", async () => {
    await send({ from: 'Old Name <hal@example.test>', subject: 'Old', text: 'old', messageId: '<old1@example.test>' });
    const old = await lastTicket();
    await deleteContact(f.t().ctx, { userId: old.requester_id });
    await send({ from: 'New Name <hal@example.test>', subject: 'Re: Old', text: 'new', inReplyTo: '<old1@example.test>' });
    const fresh = await lastTicket();
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.requester_id).not.toBe(old.requester_id);
    const user = await userByEmail('hal@example.test');
    expect(user).toMatchObject({ id: fresh.requester_id, name: 'New Name', deleted_at: null });
    expect(await commentsOf(old.id)).toHaveLength(1);
  });
});
