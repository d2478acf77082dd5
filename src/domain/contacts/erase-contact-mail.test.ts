import { expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { smtpFixture, SUPPORT } from '../../../test/smtp-fixture.ts';
import { hashMessageId } from '../mail/message-ids.ts';
import { deleteContact } from './delete-contact.ts';
import { eraseContact } from './erase-contact.ts';

// Stored mail follows the person (issue 9, item 4), through real SMTP: her reply on
// someone else's thread, a third party's mail where she is only in Cc, a reply quoting her
// Message-ID, an inline image she sent; then her erasure, and threading for everyone else.

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describeEachDb('erasing a person reaches stored mail on every ticket', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, lastTicket, userByEmail } = f;

  /** The stored messages of a ticket, headers unfolded. */
  const rawOf = async (ticketId: number) =>
    (await db().selectFrom('raw_messages').select(['id', 'data']).where('ticket_id', '=', ticketId).orderBy('id').execute()).map((r) => Buffer.from(r.data).toString('latin1').replace(/\r?\n[ \t]+/g, ' '));

  /** Bob's thread with Anna's reply (and an image), Carl's ticket with Anna in Cc, Bob quoting her. */
  async function plant() {
    await send({ from: 'Bob Keeps <bob@keeps.test>', subject: 'Printer', text: 'It broke.', messageId: '<b1@keeps.test>' });
    const bobs = await lastTicket();
    await send({
      from: '"Anna Dupont" <anna@dupont.test>',
      subject: 'Re: Printer',
      html: '<p>Mine too, see <img src="cid:img.1@dupont.test"></p>',
      messageId: '<a1@mail.dupont.test>',
      inReplyTo: '<b1@keeps.test>',
      attachments: [{ filename: 'photo.png', content: PNG, cid: 'img.1@dupont.test' }],
    });
    await send({ from: 'carl@carl.test', to: SUPPORT, cc: '"Anna Dupont" <anna@dupont.test>', subject: 'Carl asks', text: 'Hello', messageId: '<c1@carl.test>' });
    const carls = await lastTicket();
    await send({ from: 'bob@keeps.test', subject: 'Re: Printer', text: 'Thanks', messageId: '<b2@keeps.test>', inReplyTo: '<a1@mail.dupont.test>', references: ['<b1@keeps.test>', '<a1@mail.dupont.test>'] });
    const anna = (await userByEmail('anna@dupont.test'))!.id;
    const photo = await db().selectFrom('attachments').selectAll().where('ticket_id', '=', bobs.id).executeTakeFirstOrThrow();
    return { bobs: bobs.id, carls: carls.id, anna, photo: photo.id };
  }

  async function erase(userId: number, opts = {}) {
    const ctx = f.t().ctx;
    await deleteContact(ctx, { userId });
    return eraseContact(ctx, { userId, ...opts });
  }

  it('rewrites every message that names her, redacts her image, takes her off the CC list', async () => {
    const p = await plant();
    const before = [...(await rawOf(p.bobs)), ...(await rawOf(p.carls))].join('\n');
    // The plant reached every place: her mailbox, her domain in the ids, her image's Content-ID.
    expect(before.match(/dupont\.test/gi)!.length).toBeGreaterThanOrEqual(6);
    expect((await f.t().call('GET', `/api/v2/tickets/${p.carls}`)).body.ticket.collaborator_ids).toEqual([p.anna]);
    expect((await f.t().app.inject({ url: `/api/v2/attachments/${p.photo}/content`, headers: { authorization: f.t().owner.auth } })).rawPayload.equals(PNG)).toBe(true);

    const r = await erase(p.anna);
    expect(r?.counts).toMatchObject({ raw_messages_rewritten: 3, attachments_redacted: 1 });

    const after = [...(await rawOf(p.bobs)), ...(await rawOf(p.carls))];
    expect(after).toHaveLength(4);
    for (const m of after) expect(m).not.toMatch(/dupont/i);
    expect(after[1]).toContain('From: Permanently Deleted User <erased@erased.invalid>');
    expect(after[1]).toContain(`Message-ID: <${hashMessageId('a1@mail.dupont.test')}@erased.invalid>`);
    expect(after[3]).toContain('Cc: Permanently Deleted User <erased@erased.invalid>');
    expect(after[2]).toContain(`In-Reply-To: <${hashMessageId('a1@mail.dupont.test')}@erased.invalid>`);
    // Bob's own message keeps everything of his.
    expect(after[0]).toContain('From: Bob Keeps <bob@keeps.test>');
    expect(after[2]).toContain('<b1@keeps.test>');
    // Her image is an empty redacted.txt, in the table and in the stored message; it is not served.
    const photo = await db().selectFrom('attachments').selectAll().where('id', '=', p.photo).executeTakeFirstOrThrow();
    expect(photo).toMatchObject({ file_name: 'redacted.txt', size: 0, content_id: null });
    const served = await f.t().app.inject({ url: `/api/v2/attachments/${p.photo}/content`, headers: { authorization: f.t().owner.auth } });
    expect(served.statusCode).toBe(404);
    expect(served.rawPayload.includes(PNG)).toBe(false);
    expect(after[1]).not.toContain(PNG.toString('base64').slice(0, 12));
    expect((await f.t().call('GET', `/api/v2/tickets/${p.carls}`)).body.ticket.collaborator_ids).toEqual([]);
    expect(await db().selectFrom('raw_message_people').select('user_id').where('user_id', '=', p.anna).execute()).toEqual([]);
    // Her comment on Bob's ticket stays, by the stub (docs/lifecycle.md).
    const comments = (await f.t().call('GET', `/api/v2/tickets/${p.bobs}/comments`)).body.comments;
    expect(comments.map((c: { author_id: number }) => c.author_id)).toContain(p.anna);
  });

  it('still threads a reply by someone else that quotes her message, and stores it without her domain', async () => {
    const p = await plant();
    await erase(p.anna);
    await send({
      from: 'carl@carl.test',
      subject: 'Re: Printer',
      text: 'Joining late',
      messageId: '<c2@carl.test>',
      inReplyTo: '<a1@mail.dupont.test>',
      references: ['<b1@keeps.test>', '<a1@mail.dupont.test>'],
    });
    // No new ticket: it threaded by the hash of her Message-ID.
    expect((await lastTicket()).id).toBe(p.carls);
    const onBobs = await rawOf(p.bobs);
    expect(onBobs).toHaveLength(4);
    expect(onBobs[3]).toContain('Joining late');
    expect(onBobs[3]).not.toMatch(/dupont/i);
    expect(onBobs[3]).toContain(`<${hashMessageId('a1@mail.dupont.test')}@erased.invalid>`);
    // The quoted id that named nobody is kept.
    expect(onBobs[3]).toContain('<b1@keeps.test>');
  });

  it('keeps a file an agent decided to keep, its Content-ID following the rewritten message', async () => {
    const p = await plant();
    await erase(p.anna, { keepAttachmentIds: [p.photo] });
    const photo = await db().selectFrom('attachments').selectAll().where('id', '=', p.photo).executeTakeFirstOrThrow();
    expect(photo.file_name).toBe('photo.png');
    expect(Buffer.from(photo.data).equals(PNG)).toBe(true);
    // Its Content-ID no longer carries her domain, in the row and in the stored part alike.
    const cid = `${hashMessageId('img.1@dupont.test')}@erased.invalid`;
    expect(photo.content_id).toBe(cid);
    expect((await rawOf(p.bobs))[1]).toContain(`Content-ID: <${cid}>`);
    const again = await eraseContact(f.t().ctx, { userId: p.anna }).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error); // erased already: 404
  });
});
