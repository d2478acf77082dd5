import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { allPages } from '../../../test/reads.ts';
import { smtpFixture } from '../../../test/smtp-fixture.ts';

// Text as people wrote it (issue 9): a name written with HTML entities or split by markup is
// stored as the text a reader sees, so search finds it, string redaction removes it and an
// erasure request plans it — through the API and through mail, on both databases.

const NAME = 'Renée Dupont';
const B = '▇';

/** Ways HTML can spell the same name. */
const SPELLINGS: [string, string][] = [
  ['named entities', 'Ren&eacute;e Dupont'],
  ['numeric entities', 'Ren&#233;e&#32;Dupont'],
  ['hex entities', '&#x52;en&#xe9;e Dupont'],
  ['markup inside the name', 'Ren<b>ée</b> Dupont'],
  ['an entity in markup, and a no-break space', 'Ren<span>&eacute;</span>e&nbsp;Dupont'],
];

describeEachDb('comment text as a reader sees it', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  async function ticketWithHtml(html: string, requester?: number) {
    const r = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'A neighbour', requester_id: requester ?? (await t.contact()), comment: { html_body: `<p>My neighbour ${html} says hello.</p>` } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const c = (await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`)).body.comments[0];
    return { ticketId: r.body.ticket.id as number, comment: c };
  }
  const count = async (q: string) => (await t.call('GET', `/api/v2/search/count?query=${encodeURIComponent(q)}`)).body.count as number;

  describe.each(SPELLINGS)('written with %s', (_what, html) => {
    it('is stored decoded once, and search finds the name', async () => {
      const { comment } = await ticketWithHtml(html);
      expect(comment.plain_body).toBe(`My neighbour ${NAME} says hello.`);
      expect(comment.body).toBe(comment.plain_body);
      expect(comment.html_body).not.toContain('&amp;');
      expect(await count(`"${NAME}"`)).toBe(1);
      expect(await count('Renée')).toBe(1);
    });

    it('is removed by string redaction: 200, and gone from every form and from search', async () => {
      const { ticketId, comment } = await ticketWithHtml(html);
      const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${comment.id}/redact`, { text: NAME });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.comment.plain_body).toBe(`My neighbour ${B.repeat(NAME.length)} says hello.`);
      const row = await t.store.db.selectFrom('comments').selectAll().where('id', '=', comment.id).executeTakeFirstOrThrow();
      for (const form of [row.body, row.html_body, row.plain_body]) {
        expect(form).not.toMatch(/Ren|Dupont|eacute|#233|#xe9/i);
      }
      expect(await count('Dupont')).toBe(0);
    });

    it('is found by an erasure request for the person, and proposed for redaction', async () => {
      const renee = await t.contact({ name: NAME, email: 'renee.dupont@example.test' });
      const { ticketId, comment } = await ticketWithHtml(html);
      const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: renee } });
      expect(opened.status).toBe(201);
      await t.drainJobs();
      const matches = await allPages(t, `/api/v2/erasure_requests/${opened.body.erasure_request.id}/matches`, 'matches');
      const here = matches.filter((m) => m.ticket_id === ticketId);
      expect(here).toHaveLength(1);
      expect(here[0]).toMatchObject({ comment_id: comment.id, location: 'comment', proposed_action: 'redact' });
      expect(here[0].snippet).toContain(NAME);
    });
  });

  it('a redaction that leaves the string behind fails loudly and changes nothing', async () => {
    const { ticketId, comment } = await ticketWithHtml('Ren&eacute;e Dupont');
    const before = await t.store.db.selectFrom('comments').selectAll().where('id', '=', comment.id).executeTakeFirstOrThrow();
    // A write that does not take (a broken trigger, say): plain_body keeps its old value.
    if (kind === 'sqlite') {
      await sql`create trigger keep_plain after update of plain_body on comments begin update comments set plain_body = old.plain_body where id = new.id; end`.execute(t.store.db);
    } else {
      await sql`create function keep_plain() returns trigger language plpgsql as $$ begin new.plain_body := old.plain_body; return new; end $$`.execute(t.store.db);
      await sql`create trigger keep_plain before update on comments for each row execute function keep_plain()`.execute(t.store.db);
    }
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${comment.id}/redact`, { text: NAME });
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toContain('Dupont');
    expect(await t.store.db.selectFrom('comments').selectAll().where('id', '=', comment.id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await t.store.db.selectFrom('audit_events').select('id').where('action', '=', 'comment.redacted').execute()).toEqual([]);
  });
});

describeEachDb('mail text as a reader sees it', (kind) => {
  const f = smtpFixture(kind);

  it('stores an HTML mail that writes the name with entities as the name, for search and redaction', async () => {
    await f.send({
      from: '"Paul Martin" <paul@example.test>',
      subject: 'My neighbour',
      text: `My neighbour ${NAME} says hello.`,
      html: '<html><head><style>p{}</style></head><body><p>My neighbour Ren&eacute;e&nbsp;Dupont says hello.</p></body></html>',
    });
    const ticket = await f.lastTicket();
    const [c] = await f.commentsOf(ticket.id);
    expect(c!.plain_body).toBe(`My neighbour ${NAME} says hello.`);
    const t = f.t();
    expect((await t.call('GET', `/api/v2/search/count?query=${encodeURIComponent(`"${NAME}"`)}`)).body.count).toBe(1);
    const r = await t.call('PUT', `/api/v2/tickets/${ticket.id}/comments/${c!.id}/redact`, { text: NAME });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = (await f.commentsOf(ticket.id))[0]!;
    expect(JSON.stringify([after.body, after.html_body, after.plain_body])).not.toMatch(/Ren|Dupont/);
    const raw = await f.db().selectFrom('raw_messages').select('data').where('comment_id', '=', c!.id).executeTakeFirstOrThrow();
    expect(Buffer.from(raw.data).toString('utf8')).not.toMatch(/Dupont/);
  });
});
