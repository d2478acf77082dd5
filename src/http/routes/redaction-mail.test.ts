import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { smtpFixture } from '../../../test/smtp-fixture.ts';

// Redaction reaches the stored raw email of a comment that came in over SMTP, whatever the
// transfer encoding the sender chose: the string is gone from the stored bytes and from
// every decoded part, and a redacted inline image's part is an empty redacted.txt.

const NAME = 'Anna Karenina';
const STREET = '221B Baker Street';
const IMAGE = Buffer.from('\x89PNG inline photo of the passport, unique bytes 7f3a9c');

describeEachDb('redaction of stored raw email', (kind) => {
  const f = smtpFixture(kind);

  async function received(textEncoding: 'quoted-printable' | 'base64') {
    await f.send({
      from: `"${NAME}" <anna.k@example.test>`,
      subject: 'My address',
      text: `Hello, I am ${NAME} and I moved to ${STREET}. Ünïcødé so the text must be encoded. `.repeat(3),
      html: `<p>Hello, I am <b>Anna</b> Karenina and I moved to ${STREET}.</p><p>Ünïcødé &amp; more</p><img src="cid:photo@x">`,
      textEncoding,
      attachments: [{ filename: 'photo.png', content: IMAGE, cid: 'photo@x', contentType: 'image/png' }],
    });
    const ticket = await f.lastTicket();
    const [comment] = await f.commentsOf(ticket.id);
    const raw = async () => Buffer.from((await f.db().selectFrom('raw_messages').select('data').where('comment_id', '=', comment!.id).executeTakeFirstOrThrow()).data);
    return { ticketId: ticket.id, commentId: comment!.id, raw };
  }

  /** Every place the string could hide in a message: the bytes, and each decoded part. */
  async function findsIn(raw: Buffer, needle: string): Promise<boolean> {
    const parsed = await simpleParser(raw);
    const texts = [raw.toString('latin1'), parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : '', parsed.subject ?? '', parsed.from?.text ?? ''];
    return texts.some((s) => s.toLowerCase().includes(needle.toLowerCase()));
  }

  for (const enc of ['quoted-printable', 'base64'] as const) {
    it(`removes the string from a ${enc} message, keeping it parseable`, async () => {
      const { ticketId, commentId, raw } = await received(enc);
      const before = await raw();
      expect(before.toString('latin1')).toContain(`Content-Transfer-Encoding: ${enc}`);
      // Encoded: the plain bytes do not contain the street, but the decoded parts do.
      if (enc === 'base64') expect(before.includes(STREET)).toBe(false);
      expect(await findsIn(before, STREET)).toBe(true);

      const r = await f.t().call('PUT', `/api/v2/tickets/${ticketId}/comments/${commentId}/redact`, { text: STREET });
      expect(r.status).toBe(200);
      const r2 = await f.t().call('PUT', `/api/v2/tickets/${ticketId}/comments/${commentId}/redact`, { text: NAME });
      expect(r2.status).toBe(200);
      const after = await raw();
      expect(await findsIn(after, STREET)).toBe(false);
      expect(await findsIn(after, NAME)).toBe(false);
      expect(after.includes(Buffer.from('Karenina'))).toBe(false);
      const parsed = await simpleParser(after);
      expect(parsed.text).toContain(`I moved to ${'▇'.repeat(STREET.length)}.`);
      expect(parsed.html).toContain('<b>▇▇▇▇</b>▇▇▇▇▇▇▇▇▇ and I moved to');
      expect(parsed.text).toContain('Ünïcødé');
      expect(parsed.messageId).toBeTruthy();
      // The display name in From was redacted too; the address was not part of the string.
      expect(parsed.from?.value[0]?.address).toBe('anna.k@example.test');
      // The image was not part of a string redaction.
      expect(parsed.attachments.map((a) => a.content.equals(IMAGE))).toEqual([true]);
      const size = await f.db().selectFrom('raw_messages').select('size').where('comment_id', '=', commentId).executeTakeFirstOrThrow();
      expect(size.size).toBe(after.length);
      const [e] = await f.db().selectFrom('audit_events').selectAll().where('action', '=', 'comment.redacted').execute();
      expect(JSON.parse(e!.details).copies).toContain('raw_message');
    });
  }

  it('redacts an inline image in the row and in the raw message', async () => {
    const { ticketId, commentId, raw } = await received('base64');
    expect((await raw()).includes(IMAGE.toString('base64').slice(0, 40))).toBe(true);
    const a = await f.db().selectFrom('attachments').selectAll().where('comment_id', '=', commentId).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ inline: 1, content_id: 'photo@x' });
    const r = await f.t().call('PUT', `/api/v2/tickets/${ticketId}/comments/${commentId}/attachments/${a.id}/redact`);
    expect(r.status).toBe(200);
    expect(r.body.attachment).toMatchObject({ file_name: 'redacted.txt', size: 0, inline: false });
    const after = await raw();
    expect(after.includes(IMAGE.toString('base64').slice(0, 40))).toBe(false);
    const parsed = await simpleParser(after);
    expect(parsed.attachments.map((x) => [x.filename, x.content.length])).toEqual([['redacted.txt', 0]]);
    expect(parsed.html).toContain('cid:redacted');
    expect(parsed.html).not.toContain('cid:photo@x');
    // The text was not touched.
    expect(parsed.text).toContain(STREET);
  });

  it('redacts a string found only in the raw email (the sender’s address in From)', async () => {
    const { ticketId, commentId, raw } = await received('quoted-printable');
    const r = await f.t().call('PUT', `/api/v2/tickets/${ticketId}/comments/${commentId}/redact`, { text: 'anna.k@example.test' });
    expect(r.status).toBe(200);
    expect((await raw()).toString('latin1')).not.toContain('anna.k@example.test');
    const [e] = await f.db().selectFrom('audit_events').selectAll().where('action', '=', 'comment.redacted').execute();
    expect(JSON.parse(e!.details)).toMatchObject({ occurrences: 0, copies: ['raw_message'] });
  });
});
