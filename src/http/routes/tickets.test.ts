import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { postTicket } from '../../../test/factories/index.ts';

async function counts(t: TestApp) {
  const n = async (table: 'tickets' | 'comments' | 'users' | 'ticket_audits') =>
    Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { tickets: await n('tickets'), comments: await n('comments'), users: await n('users'), audits: await n('ticket_audits') };
}

describeEachDb('tickets API', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a ticket with its first comment and shows it in the Zendesk format', async () => {
    const requester = await t.contact({ name: 'Rita Requester' });
    const agent = await t.staff('agent');
    const cc = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets.json', {
      ticket: {
        subject: 'Printer on fire',
        requester_id: requester,
        assignee_id: agent.id,
        collaborator_ids: [cc, cc, requester],
        tags: ['Urgent', 'urgent', 'two words'],
        custom_fields: [{ id: 7, value: 'x' }],
        priority: 'high',
        type: 'incident',
        comment: { body: 'It <b>burns</b>\n\nsecond para', public: true },
      },
    });
    expect(r.status).toBe(201);
    const tk = r.body.ticket;
    expect(tk).toMatchObject({
      subject: 'Printer on fire',
      raw_subject: 'Printer on fire',
      description: 'It <b>burns</b>\n\nsecond para',
      status: 'open',
      priority: 'high',
      type: 'incident',
      requester_id: requester,
      submitter_id: t.owner.id,
      assignee_id: agent.id,
      collaborator_ids: [cc],
      tags: ['two', 'urgent', 'words'],
      custom_fields: [{ id: 7, value: 'x' }],
      via: { channel: 'api' },
      is_public: true,
      created_at: '2026-11-22T10:00:00Z',
    });
    expect(tk.url).toMatch(new RegExp(`/api/v2/tickets/${tk.id}\\.json$`));
    expect(r.body.audit.ticket_id).toBe(tk.id);
    const audit = JSON.stringify(r.body.audit);
    expect(audit).toContain('"field_name":"subject"');
    expect(audit).not.toContain('Printer');
    expect(audit).not.toContain('burns');
    const events = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'ticket.created').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.details).not.toContain('Printer');

    const shown = await t.call('GET', `/api/v2/tickets/${tk.id}`);
    expect(shown.body.ticket).toEqual(tk);
    const comments = await t.call('GET', `/api/v2/tickets/${tk.id}/comments`);
    expect(comments.body.comments).toHaveLength(1);
    expect(comments.body.comments[0]).toMatchObject({
      type: 'Comment',
      author_id: t.owner.id,
      body: 'It <b>burns</b>\n\nsecond para',
      plain_body: 'It <b>burns</b>\n\nsecond para',
      html_body: '<div class="zd-comment"><p>It &lt;b&gt;burns&lt;/b&gt;</p><p>second para</p></div>',
      public: true,
      attachments: [],
    });
  });

  it('finds or creates the requester by email, and a deleted contact\'s address makes a new one', async () => {
    const before = await counts(t);
    const a = await postTicket(t, { requester: { name: 'New Person', email: 'New.Person@example.test' } });
    const created = await t.store.db.selectFrom('users').selectAll().where('id', '=', a.requester_id).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ name: 'New Person', role: 'end-user' });
    expect((await counts(t)).users).toBe(before.users + 1);
    const b = await postTicket(t, { requester: { email: 'new.person@example.test' } });
    expect(b.requester_id).toBe(a.requester_id);
    // Soft-deleted contacts have released their address (docs/lifecycle.md, "Delete"): the same person is someone new.
    const now = t.clock.now().toISOString();
    await t.store.db.updateTable('users').set({ deleted_at: now }).where('id', '=', a.requester_id).execute();
    await t.store.db.updateTable('identities').set({ released: 1 }).where('user_id', '=', a.requester_id).execute();
    const c = await postTicket(t, { requester: { email: 'new.person@example.test', name: 'Again' } });
    expect(c.requester_id).not.toBe(a.requester_id);
  });

  it('creates no contact for a new requester when the ticket itself is refused', async () => {
    const before = await counts(t);
    const r = await t.call('POST', '/api/v2/tickets', {
      ticket: {
        subject: 'x',
        comment: { body: 'y' },
        requester: { name: 'Never Made', email: 'never.made@example.test' },
        assignee_id: 987654,
      },
    });
    expect(r.status).toBe(422);
    expect(await counts(t)).toEqual(before);
    const identity = await t.store.db.selectFrom('identities').select('id').where('value_key', '=', 'never.made@example.test').executeTakeFirst();
    expect(identity).toBeUndefined();
  });

  it('refuses a suspended, deleted, erased or unknown requester and creates nothing', async () => {
    const suspended = await t.contact({ name: 'Sam Spammer', suspended: true });
    const deleted = await t.contact();
    await t.store.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', deleted).execute();
    const before = await counts(t);
    const s = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: suspended, comment: { body: 'x' } } });
    expect(s.status).toBe(422);
    expect(s.body).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { requester: [{ description: 'Requester: Sam Spammer is suspended.' }] },
    });
    const d = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: deleted, comment: { body: 'x' } } });
    expect(d.status).toBe(422);
    expect(Object.keys(d.body.details)).toEqual(['requester']);
    const u = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: 999_999, comment: { body: 'x' } } });
    expect(u.status).toBe(422);
    const byEmail = await t.call('POST', '/api/v2/tickets', {
      ticket: { requester: { email: (await t.store.db.selectFrom('identities').select('value').where('user_id', '=', suspended).executeTakeFirstOrThrow()).value }, comment: { body: 'x' } },
    });
    expect(byEmail.status).toBe(422);
    expect(byEmail.body.details.requester[0].description).toBe('Requester: Sam Spammer is suspended.');
    expect(await counts(t)).toEqual(before);
  });

  it('refuses bad input with 400/422 and changes nothing', async () => {
    const requester = await t.contact();
    const endUser = await t.contact();
    const before = await counts(t);
    const cases: [unknown, number, string?][] = [
      ['{"ticket": ', 400],
      [{ subject: 'no root' }, 400],
      [{ ticket: [] }, 400],
      [{ ticket: { requester_id: requester } }, 422, 'description'],
      [{ ticket: { requester_id: requester, comment: { body: '   ' } } }, 422, 'description'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, priority: 'extreme' } }, 422, 'priority'],
      [{ ticket: { requester_id: 'five', comment: { body: 'x' } } }, 422, 'requester_id'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, tags: 'a b' } }, 422, 'tags'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, status: 'closed' } }, 422, 'status'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, status: 'deleted' } }, 422, 'status'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, assignee_id: endUser } }, 422, 'assignee_id'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, group_id: 424242 } }, 422, 'group_id'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, organization_id: 424242 } }, 422, 'organization_id'],
      [{ ticket: { requester_id: requester, comment: { body: 'x' }, collaborator_ids: [424242] } }, 422, 'collaborator_ids'],
      [{ ticket: { requester_id: requester, comment: { body: 'x', uploads: ['nosuchtoken123'] } } }, 422, 'uploads'],
      [{ ticket: { requester: { email: 'not-an-email' }, comment: { body: 'x' } } }, 422, 'email'],
      [{ ticket: { requester: { email: 'fresh@example.test' }, comment: { body: 'x' }, assignee_id: endUser } }, 422, 'assignee_id'],
      [{ ticket: { requester: { email: 'fresh@example.test' }, comment: { body: 'x', uploads: ['nosuchtoken123'] } } }, 422, 'uploads'],
      [{ ticket: { requester: { email: 'fresh@example.test' }, comment: { body: 'x' }, collaborator_ids: [424242] } }, 422, 'collaborator_ids'],
    ];
    for (const [body, status, field] of cases) {
      const r = await t.call('POST', '/api/v2/tickets', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (field) expect(Object.keys(r.body.details), JSON.stringify(body)).toContain(field);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('updates fields and adds public and private comments in one audit', async () => {
    const requester = await t.contact();
    const agent = await t.staff('agent');
    const tk = await postTicket(t, { requester_id: requester, tags: ['a', 'b'], custom_fields: [{ id: 1, value: 'one' }, { id: 2, value: 'two' }] });
    expect(tk.status).toBe('new');
    t.clock.advance(60_000);
    const r = await t.call('PUT', `/api/v2/tickets/${tk.id}`, {
      ticket: {
        subject: 'Changed',
        assignee_id: agent.id,
        additional_tags: ['C'],
        remove_tags: ['a'],
        custom_fields: [{ id: 2, value: 'deux' }],
        comment: { html_body: '<p onclick="x()">Private <script>alert(1)</script><a href="javascript:alert(1)">link</a></p>', public: false },
      },
    }, agent);
    expect(r.status).toBe(200);
    expect(r.body.ticket).toMatchObject({
      subject: 'Changed',
      status: 'open',
      assignee_id: agent.id,
      tags: ['b', 'c'],
      custom_fields: [{ id: 1, value: 'one' }, { id: 2, value: 'deux' }],
      updated_at: '2026-11-22T10:01:00Z',
      description: 'Hello',
    });
    const events = r.body.audit.events;
    expect(events.map((e: { field_name?: string; type: string }) => e.field_name ?? e.type).sort()).toEqual(
      ['Comment', 'assignee_id', 'custom_fields', 'status', 'subject', 'tags'].sort(),
    );
    expect(events.find((e: { field_name?: string }) => e.field_name === 'status')).toMatchObject({ value: 'open', previous_value: 'new' });
    expect(JSON.stringify(events)).not.toContain('Changed');
    expect(r.body.audit.author_id).toBe(agent.id);
    const comments = (await t.call('GET', `/api/v2/tickets/${tk.id}/comments`)).body.comments;
    expect(comments).toHaveLength(2);
    expect(comments[1]).toMatchObject({ public: false, author_id: agent.id, plain_body: 'Private link' });
    expect(comments[1].html_body).toBe('<p>Private <a>link</a></p>');

    const solved = await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'solved' } });
    expect(solved.body.ticket.status).toBe('solved');
    const row = () => t.store.db.selectFrom('tickets').selectAll().where('id', '=', tk.id).executeTakeFirstOrThrow();
    expect((await row()).solved_at).toBe(t.clock.now().toISOString());
    await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'open' } });
    expect((await row()).solved_at).toBeNull();
  });

  it('refuses closing by update, closes solved tickets for admins only, and then refuses every change', async () => {
    const requester = await t.contact();
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const admin = await t.staff('admin');
    const tk = await postTicket(t, { requester_id: requester });
    const byUpdate = await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'closed' } });
    expect(byUpdate.status).toBe(422);
    expect(Object.keys(byUpdate.body.details)).toEqual(['status']);
    const notSolved = await t.call('PUT', `/api/v2/tickets/${tk.id}/close`, undefined, admin);
    expect(notSolved.status).toBe(422);
    await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'solved' } });
    expect((await t.call('PUT', `/api/v2/tickets/${tk.id}/close`, undefined, agent)).status).toBe(403);
    const closed = await t.call('PUT', `/api/v2/tickets/${tk.id}/close.json`, undefined, admin);
    expect(closed.status).toBe(200);
    expect(closed.body.ticket.status).toBe('closed');

    const before = (await t.call('GET', `/api/v2/tickets/${tk.id}`)).body.ticket;
    const beforeCounts = await counts(t);
    const changes = [
      { subject: 'New subject' },
      { comment: { body: 'A comment' } },
      { comment: { body: 'Private', public: false } },
      { status: 'open' },
      { status: 'solved' },
      { tags: ['x'] },
      { additional_tags: ['x'] },
      { priority: 'low' },
      { assignee_id: agent.id },
      { custom_fields: [{ id: 1, value: 'v' }] },
      {},
    ];
    for (const ticket of changes) {
      const r = await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket });
      expect(r.status, JSON.stringify(ticket)).toBe(422);
      expect(r.body.details).toEqual({ status: [{ description: 'Status closed prevents ticket update' }] });
    }
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}`)).body.ticket).toEqual(before);
    expect(await counts(t)).toEqual(beforeCounts);
    // Deleting is the one way out for a closed ticket (docs/lifecycle.md, "Tickets").
    expect((await t.call('DELETE', `/api/v2/tickets/${tk.id}`, undefined, agent)).status).toBe(204);
  });

  it('pages /tickets both ways and lists only active tickets', async () => {
    const requester = await t.contact();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await postTicket(t, { requester_id: requester, subject: `T${i}` })).id);
    await t.call('DELETE', `/api/v2/tickets/${ids[4]}`);
    await t.call('PUT', `/api/v2/tickets/${ids[3]}/mark_as_spam`);
    const p1 = await t.call('GET', '/api/v2/tickets.json?per_page=2');
    expect(p1.body.count).toBe(3);
    expect(p1.body.tickets.map((x: { id: number }) => x.id)).toEqual(ids.slice(0, 2));
    expect(p1.body.next_page).toContain('page=2');
    const p2 = await t.call('GET', '/api/v2/tickets.json?per_page=2&page=2');
    expect(p2.body.tickets.map((x: { id: number }) => x.id)).toEqual([ids[2]]);
    expect(p2.body.next_page).toBeNull();

    const c1 = await t.call('GET', '/api/v2/tickets.json?page[size]=2');
    expect(c1.body.tickets.map((x: { id: number }) => x.id)).toEqual(ids.slice(0, 2));
    expect(c1.body.meta.has_more).toBe(true);
    const next = new URL(c1.body.links.next);
    expect(next.pathname).toBe('/api/v2/tickets.json');
    const c2 = await t.call('GET', `${next.pathname}${next.search}`);
    expect(c2.body.tickets.map((x: { id: number }) => x.id)).toEqual([ids[2]]);
    expect(c2.body.meta.has_more).toBe(false);
    expect(c2.body.links.next).toBeNull();

    const mine = await t.call('GET', `/api/v2/users/${requester}/tickets/requested`);
    expect(mine.body.tickets.map((x: { id: number }) => x.id)).toEqual(ids.slice(0, 3));
    expect((await t.call('GET', '/api/v2/users/999999/tickets/requested')).status).toBe(404);
  });

  it('pages comments both ways', async () => {
    const tk = await postTicket(t, { requester_id: await t.contact() });
    for (let i = 1; i <= 4; i++) await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { comment: { body: `c${i}` } } });
    const p = await t.call('GET', `/api/v2/tickets/${tk.id}/comments?per_page=2&page=3`);
    expect(p.body.count).toBe(5);
    expect(p.body.comments.map((c: { body: string }) => c.body)).toEqual(['c4']);
    const c = await t.call('GET', `/api/v2/tickets/${tk.id}/comments?page[size]=3`);
    expect(c.body.comments.map((x: { body: string }) => x.body)).toEqual(['Hello', 'c1', 'c2']);
    const next = new URL(c.body.links.next);
    const c2 = await t.call('GET', `${next.pathname}${next.search}`);
    expect(c2.body.comments.map((x: { body: string }) => x.body)).toEqual(['c3', 'c4']);
    expect(c2.body.links.next).toBeNull();
  });

  it('shows many, and answers 404 for unknown, deleted and malformed ids', async () => {
    const requester = await t.contact();
    const a = await postTicket(t, { requester_id: requester });
    const b = await postTicket(t, { requester_id: requester });
    await t.call('DELETE', `/api/v2/tickets/${b.id}`);
    const many = await t.call('GET', `/api/v2/tickets/show_many.json?ids=${a.id}%2C${b.id},999999`);
    expect(many.body.tickets.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.call('GET', `/api/v2/tickets/show_many?ids=${tooMany}`)).status).toBe(400);
    expect((await t.call('GET', '/api/v2/tickets/show_many')).status).toBe(400);
    for (const url of [`/api/v2/tickets/${b.id}`, '/api/v2/tickets/999999', '/api/v2/tickets/abc', `/api/v2/tickets/${b.id}/comments`]) {
      const r = await t.call('GET', url);
      expect(r.status, url).toBe(404);
      expect(r.body.error).toBe('RecordNotFound');
    }
    expect((await t.call('PUT', `/api/v2/tickets/${b.id}`, { ticket: { subject: 'x' } })).status).toBe(404);
    expect((await t.call('PUT', '/api/v2/tickets/999999', { ticket: { subject: 'x' } })).status).toBe(404);
  });

  it('keeps end users out of the ticket API', async () => {
    const r = await t.call('GET', '/api/v2/tickets', undefined, null);
    expect(r.status).toBe(401);
  });
});
