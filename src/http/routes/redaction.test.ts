import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';

// Redaction through the HTTP API (docs/api.md, docs/redaction.md), on both databases.

const B = '▇';

describeEachDb('redaction', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  async function ticketWith(comment: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Help', requester_id: requester, comment, ...extra } });
    expect(r.status).toBe(201);
    const c = await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`);
    return { ticketId: r.body.ticket.id as number, comment: c.body.comments[0], requester };
  }
  const comment = async (id: number) => t.store.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = (action: string) => t.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
  const count = async (q: string) => (await t.call('GET', `/api/v2/search/count?query=${encodeURIComponent(q)}`)).body.count as number;
  async function close(ticketId: number) {
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { status: 'solved' } })).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}/close`)).status).toBe(200);
  }

  it('replaces every character of every occurrence in all three forms and the search index', async () => {
    const { ticketId, comment: c } = await ticketWith({ body: 'I am Anna Karenina.\nWrite to Anna  Karenina at 221B Baker Street.' });
    expect(await count('"221B Baker Street"')).toBe(1);
    // Redaction needs the delete-tickets permission (as in Zendesk): test/security/roles.test.ts has every role.
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact.json`, { text: 'anna karenina' }, agent);
    expect(r.status).toBe(200);
    expect(r.body.comment.id).toBe(c.id);
    expect(r.body.comment.body).toBe(`I am ${B.repeat(13)}.\nWrite to ${B.repeat(14)} at 221B Baker Street.`);
    expect(r.body.comment.plain_body).toBe(r.body.comment.body);
    expect(r.body.comment.html_body).not.toMatch(/anna|karenina/i);
    expect(r.body.comment.html_body).toContain(`<p>I am ${B.repeat(13)}.<br>Write to`);
    const stored = await comment(c.id);
    expect(JSON.stringify(stored)).not.toMatch(/karenina/i);
    expect(await count('karenina')).toBe(0);
    expect(await count('"Baker Street"')).toBe(1);

    const [e] = await events('comment.redacted');
    expect(e!.actor_id).toBe(agent.id);
    expect(e!.subject_id).toBe(c.id);
    expect(JSON.parse(e!.details)).toMatchObject({ kind: 'text', ticket_id: ticketId, comment_id: c.id, occurrences: 2, characters: 27 });
    expect(JSON.parse(e!.details).copies).toEqual(expect.arrayContaining(['body', 'html_body', 'plain_body', 'search_index']));
    expect(e!.details).not.toMatch(/anna|karenina/i);
  });

  it('redacts through HTML entities and across inline tags without breaking the markup', async () => {
    const { ticketId, comment: c } = await ticketWith({
      html_body: '<p>Ask <b>Smith</b> &amp; Sons: <a href="mailto:smith@sons.example">smith@sons.example</a></p>',
    });
    const r1 = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`, { text: 'Smith & Sons' });
    expect(r1.status).toBe(200);
    expect(r1.body.comment.html_body).toBe(
      `<p>Ask <b>${B.repeat(5)}</b>${B.repeat(7)}: <a href="mailto:smith@sons.example" rel="noopener noreferrer">smith@sons.example</a></p>`,
    );
    expect(r1.body.comment.plain_body).toBe(`Ask ${B.repeat(12)}: smith@sons.example`);
    const r2 = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`, { text: 'smith@sons.example' });
    expect(r2.status).toBe(200);
    expect(r2.body.comment.html_body).not.toContain('smith@sons');
    // The link's target held it: the link loses its target whole and keeps its (redacted) text.
    expect(r2.body.comment.html_body).toMatch(/^<p>Ask <b>▇+<\/b>▇+: <a>▇+<\/a><\/p>$/);
    expect(await count('smith@sons.example')).toBe(0);
  });

  it('says the text was not found, and changes nothing', async () => {
    const { ticketId, comment: c } = await ticketWith({ body: 'Nothing personal here.' });
    const before = await comment(c.id);
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`, { text: 'Anna' });
    expect(r.status).toBe(422);
    expect(r.body.details.text[0].description).toMatch(/not found in this comment/);
    const empty = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`, { text: '  ' });
    expect(empty.status).toBe(422);
    const missing = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`);
    expect(missing.status).toBe(422);
    expect(await comment(c.id)).toEqual(before);
    expect(await events('comment.redacted')).toEqual([]);
    // A comment of another ticket is not found through this one.
    const other = await ticketWith({ body: 'Anna was here' });
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${other.comment.id}/redact`, { text: 'Anna' })).status).toBe(404);
  });

  it('refuses string and attachment redaction on a closed ticket, saying to delete it, and changes nothing', async () => {
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v2/uploads?filename=anna-passport.pdf',
      headers: { authorization: t.owner.auth, 'content-type': 'application/pdf' },
      payload: Buffer.from('%PDF passport of Anna'),
    });
    const token = JSON.parse(upload.body).upload.token;
    const { ticketId, comment: c } = await ticketWith({ body: 'My name is Anna Karenina', uploads: [token] });
    await close(ticketId);
    const before = await comment(c.id);
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/redact`, { text: 'Anna Karenina' });
    expect(r.status).toBe(422);
    expect(r.body.details.status[0].description).toMatch(/delete the ticket/);
    const aid = c.attachments[0].id;
    const ra = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/attachments/${aid}/redact`);
    expect(ra.status).toBe(422);
    expect(ra.body.details.status[0].description).toMatch(/delete the ticket/);
    expect(await comment(c.id)).toEqual(before);
    const a = await t.store.db.selectFrom('attachments').selectAll().where('id', '=', aid).executeTakeFirstOrThrow();
    expect(a.file_name).toBe('anna-passport.pdf');
    expect(Buffer.from(a.data).toString()).toBe('%PDF passport of Anna');
    expect(await events('comment.redacted')).toEqual([]);
    expect(await events('attachment.redacted')).toEqual([]);
  });

  it('redacts marked passages on a closed ticket, for admins only (agents with the delete-tickets permission too are refused)', async () => {
    const { ticketId, comment: c } = await ticketWith({ body: 'Call Anna on +44 20 7946 0958 today.\n\nRegards, Anna' });
    await close(ticketId);
    const html = c.html_body as string;
    const marked = html.replace('+44 20 7946 0958', '<redact>+44 20 7946 0958</redact>').replace('Regards, Anna', 'Regards, <redact>Anna</redact>');
    const agent = await t.staff('agent');
    const denied = await t.call('PUT', `/api/v2/comment_redactions/${c.id}`, { ticket_id: ticketId, html_body: marked }, agent);
    expect(denied.status).toBe(403);
    const wrong = await t.call('PUT', `/api/v2/comment_redactions/${c.id}`, { ticket_id: ticketId, html_body: marked.replace('today', 'tomorrow') });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.html_body[0].description).toMatch(/current html_body/);
    expect((await comment(c.id)).html_body).toBe(html);

    const deleter = await t.staff('agent', { can_delete_tickets: true });
    expect((await t.call('PUT', `/api/v2/comment_redactions/${c.id}`, { ticket_id: ticketId, html_body: marked }, deleter)).status).toBe(403);
    expect((await comment(c.id)).html_body).toBe(html);
    const r = await t.call('PUT', `/api/v2/comment_redactions/${c.id}.json`, { ticket_id: ticketId, html_body: marked, external_attachment_urls: [] });
    expect(r.status).toBe(200);
    // The first "Anna" was not marked: it stays.
    expect(r.body.comment.body).toBe(`Call Anna on ${B.repeat(16)} today.\n\nRegards, ${B.repeat(4)}`);
    expect(r.body.comment.plain_body).toBe(r.body.comment.body);
    expect(r.body.comment.html_body).toBe(html.replace('+44 20 7946 0958', B.repeat(16)).replace('Regards, Anna', `Regards, ${B.repeat(4)}`));
    expect(await count('"7946 0958"')).toBe(0);
    const [e] = await events('comment.redacted');
    expect(JSON.parse(e!.details)).toMatchObject({ kind: 'admin', ticket_id: ticketId, comment_id: c.id, spans: 2, characters: 20 });
    expect(e!.details).not.toMatch(/7946|Anna/);
    // Unbalanced or misplaced tags are refused.
    const open = await t.call('PUT', `/api/v2/comment_redactions/${c.id}`, { ticket_id: ticketId, html_body: `<redact>${r.body.comment.html_body}` });
    expect(open.status).toBe(422);
  });

  it('turns an attachment into an empty redacted.txt (PUT and DELETE), gone from search, its URLs 404', async () => {
    const tokens: string[] = [];
    for (const name of ['anna-passport.pdf', 'selfie.png']) {
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/v2/uploads?filename=${name}${tokens[0] ? `&token=${tokens[0]}` : ''}`,
        headers: { authorization: t.owner.auth, 'content-type': 'application/octet-stream' },
        payload: Buffer.from(`bytes of ${name}`),
      });
      tokens.push(JSON.parse(up.body).upload.token);
    }
    const { ticketId, comment: c } = await ticketWith({ body: 'Files attached', uploads: [tokens[0]] });
    const [a1, a2] = c.attachments;
    expect(await count('passport')).toBe(1);
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/attachments/${a1.id}/redact`, undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body.attachment).toMatchObject({ id: a1.id, file_name: 'redacted.txt', content_type: 'text/plain', size: 0, deleted: true });
    const d = await t.call('DELETE', `/api/v2/tickets/${ticketId}/comments/${c.id}/attachments/${a2.id}/redact`, undefined, agent);
    expect(d.status).toBe(200);
    expect(d.body.attachment.file_name).toBe('redacted.txt');
    for (const a of [a1, a2]) {
      const row = await t.store.db.selectFrom('attachments').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ file_name: 'redacted.txt', content_type: 'text/plain', size: 0, inline: 0, content_id: null });
      expect(Buffer.from(row.data).length).toBe(0);
      // Nothing is left to fetch: both URLs answer 404, and the comment shows the file as deleted.
      expect((await t.call('GET', `/api/v2/attachments/${a.id}/content`)).status).toBe(404);
      expect((await t.call('GET', `/api/v2/attachments/${a.id}`)).status).toBe(404);
    }
    const listed = (await t.call('GET', `/api/v2/tickets/${ticketId}/comments`)).body.comments[0].attachments;
    expect(listed.map((a: { deleted: boolean }) => a.deleted)).toEqual([true, true]);
    expect(await count('passport')).toBe(0);
    const ev = await events('attachment.redacted');
    expect(ev.map((e) => e.subject_id)).toEqual([a1.id, a2.id]);
    expect(JSON.parse(ev[0]!.details)).toMatchObject({ ticket_id: ticketId, comment_id: c.id, attachment_id: a1.id, bytes: 'bytes of anna-passport.pdf'.length });
    expect(ev[0]!.details).not.toMatch(/passport/);
    // Again: nothing more to do, no second event. Wrong comment: 404.
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${c.id}/attachments/${a1.id}/redact`)).status).toBe(200);
    expect(await events('attachment.redacted')).toHaveLength(2);
    const other = await ticketWith({ body: 'other' });
    expect((await t.call('PUT', `/api/v2/tickets/${other.ticketId}/comments/${other.comment.id}/attachments/${a1.id}/redact`)).status).toBe(404);
  });
});
