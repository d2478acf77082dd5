import { expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { smtpFixture } from '../../../test/smtp-fixture.ts';

// What the web app needs to show a mail's images: the HTML keeps `<img src="cid:…">` and the
// remote image's address, and the comment's attachments say which one has that Content-ID.

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describeEachDb('inline and remote images of incoming mail', (kind) => {
  const f = smtpFixture(kind);

  it('keeps cid: and remote image sources in html_body and names the Content-ID of the inline attachment', async () => {
    await f.send({
      from: 'Ines Inline <ines@example.test>',
      subject: 'Screenshot',
      text: 'See the screenshot.',
      html: '<p>See <img src="cid:shot.1@ines" alt="my screen"> and <img src="https://tracker.example/open.gif?u=ines" width="1"></p>',
      attachments: [
        { filename: 'shot.png', content: PNG, contentType: 'image/png', cid: 'shot.1@ines' },
        { filename: 'notes.txt', content: Buffer.from('notes'), contentType: 'text/plain' },
      ],
    });
    const ticket = await f.lastTicket();
    const r = await f.t().call('GET', `/api/v2/tickets/${ticket.id}/comments`);
    expect(r.status).toBe(200);
    const [c] = r.body.comments;
    expect(c.html_body).toBe('<p>See <img src="cid:shot.1@ines" /> and <img src="https://tracker.example/open.gif?u=ines" /></p>');
    expect(c.plain_body).toBe('See  and');
    const byName = Object.fromEntries(c.attachments.map((a: { file_name: string }) => [a.file_name, a]));
    expect(byName['shot.png']).toMatchObject({ inline: true, content_id: 'shot.1@ines', content_type: 'image/png' });
    expect(byName['notes.txt']).toMatchObject({ inline: false, content_id: null });
    // The same object from GET /attachments/{id}.
    const one = await f.t().call('GET', `/api/v2/attachments/${byName['shot.png'].id}`);
    expect(one.body.attachment.content_id).toBe('shot.1@ines');
  });

  it('points the HTML at nothing and drops the Content-ID once the inline image is redacted', async () => {
    await f.send({
      from: 'ines@example.test',
      subject: 'Passport',
      html: '<p>My passport: <img src="cid:pass@ines"></p>',
      attachments: [{ filename: 'passport.png', content: PNG, contentType: 'image/png', cid: 'pass@ines' }],
    });
    const ticket = await f.lastTicket();
    const [c] = (await f.t().call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments;
    const a = c.attachments[0];
    const red = await f.t().call('PUT', `/api/v2/tickets/${ticket.id}/comments/${c.id}/attachments/${a.id}/redact`);
    expect(red.status).toBe(200);
    const [after] = (await f.t().call('GET', `/api/v2/tickets/${ticket.id}/comments`)).body.comments;
    expect(after.html_body).toContain('<img src="cid:redacted" />');
    expect(after.html_body).not.toContain('pass@ines');
    expect(after.attachments[0]).toMatchObject({ deleted: true, content_id: null });
  });
});
