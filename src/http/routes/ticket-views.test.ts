import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { postTicket } from '../../../test/factories/index.ts';

describeEachDb('spam and deleted tickets', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const user = (id: number) => t.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ticketRow = (id: number) => t.store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('marks spam: the ticket moves to the Spam view with its status, the requester is suspended and can get no new ticket', async () => {
    const requester = await t.contact({ name: 'Sid Spammer' });
    const agent = await t.staff('agent');
    const tk = await postTicket(t, { requester_id: requester, status: 'pending', assignee_id: agent.id });
    const r = await t.call('PUT', `/api/v2/tickets/${tk.id}/mark_as_spam.json`, undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
    expect((await user(requester)).suspended).toBe(1);
    expect((await t.call('GET', '/api/v2/tickets')).body.tickets).toEqual([]);
    const spam = await t.call('GET', '/api/v2/spam_tickets');
    expect(spam.body.count).toBe(1);
    expect(spam.body.tickets[0]).toMatchObject({ id: tk.id, status: 'pending', previous_status: 'pending', spam_cause: 'marked', marked_spam_by_id: agent.id });
    // Shown by id, as Zendesk does, but not changeable.
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}`)).body.ticket.status).toBe('pending');
    const edit = await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { subject: 'x' } });
    expect(edit.status).toBe(422);

    const again = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: requester, comment: { body: 'more spam' } } });
    expect(again.status).toBe(422);
    expect(again.body.details).toEqual({ requester: [{ description: 'Requester: Sid Spammer is suspended.' }] });

    // Twice is a no-op: no second audit, no second suspension event.
    const audits = async () => (await t.store.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
    const before = await audits();
    expect((await t.call('PUT', `/api/v2/tickets/${tk.id}/mark_as_spam`)).status).toBe(200);
    expect(await audits()).toEqual(before);
    expect(before.filter((a) => a === 'user.suspended')).toHaveLength(1);
    const events = await t.store.db.selectFrom('audit_events').select('details').where('action', '=', 'ticket.marked_spam').execute();
    expect(JSON.parse(events[0]!.details)).toMatchObject({ requester_suspended: true });
  });

  it('not spam returns the ticket with its status and keeps the requester suspended', async () => {
    const requester = await t.contact();
    const tk = await postTicket(t, { requester_id: requester, status: 'hold' });
    await t.call('PUT', `/api/v2/tickets/${tk.id}/mark_as_spam`);
    const r = await t.call('PUT', `/api/v2/spam_tickets/${tk.id}/not_spam.json`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
    expect(await ticketRow(tk.id)).toMatchObject({ state: 'active', status: 'hold', spam_cause: null, state_changed_at: null });
    expect((await user(requester)).suspended).toBe(1);
    expect((await t.call('GET', '/api/v2/tickets')).body.tickets.map((x: { id: number }) => x.id)).toEqual([tk.id]);
  });

  it('marks spam on a staff member\'s or the owner\'s ticket without suspending them', async () => {
    const agent = await t.staff('agent');
    const mine = await postTicket(t, {}, agent);
    const owners = await postTicket(t, {});
    expect((await t.call('PUT', `/api/v2/tickets/${mine.id}/mark_as_spam`, undefined, agent)).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/tickets/${owners.id}/mark_as_spam`, undefined, agent)).status).toBe(200);
    expect((await ticketRow(mine.id)).state).toBe('spam');
    expect((await ticketRow(owners.id)).state).toBe('spam');
    expect((await user(agent.id)).suspended).toBe(0);
    expect((await user(t.owner.id)).suspended).toBe(0);
  });

  it('refuses not spam while the requester is deleted, and changes nothing', async () => {
    const requester = await t.contact();
    const tk = await postTicket(t, { requester_id: requester });
    await t.call('PUT', `/api/v2/tickets/${tk.id}/mark_as_spam`);
    await t.store.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', requester).execute();
    const before = await ticketRow(tk.id);
    const r = await t.call('PUT', `/api/v2/spam_tickets/${tk.id}/not_spam`);
    expect(r.status).toBe(422);
    expect(r.body.details.requester[0].description).toMatch(/restore the contact/);
    expect(await ticketRow(tk.id)).toEqual(before);
    expect((await t.call('PUT', '/api/v2/spam_tickets/999999/not_spam')).status).toBe(404);
  });

  it('deletes and restores a ticket as it was, showing who deleted it', async () => {
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const requester = await t.contact();
    const tk = await postTicket(t, { requester_id: requester, status: 'pending', subject: 'Keep me' });
    const shown = (await t.call('GET', `/api/v2/tickets/${tk.id}`)).body.ticket;
    t.clock.advance(5_000);
    expect((await t.call('DELETE', `/api/v2/tickets/${tk.id}.json`, undefined, agent)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/tickets/${tk.id}`, undefined, agent)).status).toBe(404);
    const list = await t.call('GET', '/api/v2/deleted_tickets.json', undefined, agent);
    expect(list.status).toBe(200);
    expect(list.body.deleted_tickets).toEqual([
      {
        id: tk.id,
        subject: 'Keep me',
        description: 'Hello',
        actor: { id: agent.id, name: (await user(agent.id)).name },
        deleted_at: '2026-11-22T10:00:05Z',
        previous_state: 'pending',
      },
    ]);
    expect((await ticketRow(tk.id)).status).toBe('pending');
    const r = await t.call('PUT', `/api/v2/deleted_tickets/${tk.id}/restore`, undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}`)).body.ticket).toEqual(shown);
    expect((await t.call('PUT', `/api/v2/deleted_tickets/${tk.id}/restore`)).status).toBe(404);
  });

  it('needs the delete tickets permission to delete, list deleted and restore', async () => {
    const plain = await t.staff('agent');
    const allowed = await t.staff('agent', { can_delete_tickets: true });
    const tk = await postTicket(t, { requester_id: await t.contact() });
    for (const [method, url] of [
      ['DELETE', `/api/v2/tickets/${tk.id}`],
      ['DELETE', `/api/v2/tickets/destroy_many?ids=${tk.id}`],
      ['GET', '/api/v2/deleted_tickets'],
    ] as const) {
      const r = await t.call(method, url, undefined, plain);
      expect(r.status, url).toBe(403);
      expect(r.body.error).toBe('Forbidden');
    }
    expect((await ticketRow(tk.id)).state).toBe('active');
    expect(await t.store.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    expect((await t.call('DELETE', `/api/v2/tickets/${tk.id}`, undefined, allowed)).status).toBe(204);
    expect((await t.call('PUT', `/api/v2/deleted_tickets/${tk.id}/restore`, undefined, plain)).status).toBe(403);
    expect((await ticketRow(tk.id)).state).toBe('deleted');
  });

  it('runs bulk delete, spam and not spam as jobs with a result per id', async () => {
    const requester = await t.contact();
    const a = await postTicket(t, { requester_id: requester });
    const b = await postTicket(t, { requester_id: requester });
    const c = await postTicket(t, { requester_id: requester });
    await t.call('PUT', `/api/v2/tickets/${c.id}/mark_as_spam`);

    const del = await t.call('DELETE', `/api/v2/tickets/destroy_many.json?ids=${a.id},999999,${c.id}`);
    expect(del.status).toBe(200);
    expect(del.body.job_status).toMatchObject({ job_type: 'bulk_delete_tickets', total: 3, status: 'queued' });
    await t.drainJobs();
    const job = (await t.call('GET', `/api/v2/job_statuses/${del.body.job_status.id}`)).body.job_status;
    expect(job.status).toBe('completed');
    expect(job.results).toEqual([
      { id: a.id, action: 'delete', status: 'Deleted', success: true },
      { id: 999999, action: 'delete', status: 'Failed', success: false, error: 'Not found' },
      { id: c.id, action: 'delete', status: 'Failed', success: false, error: expect.stringMatching(/Spam/) },
    ]);
    expect((await ticketRow(a.id)).state).toBe('deleted');
    expect((await ticketRow(c.id)).state).toBe('spam');

    const spam = await t.call('PUT', `/api/v2/tickets/mark_many_as_spam?ids=${b.id},${a.id}`);
    await t.drainJobs();
    const spamJob = (await t.call('GET', `/api/v2/job_statuses/${spam.body.job_status.id}`)).body.job_status;
    expect(spamJob.results.map((x: { id: number; success: boolean }) => [x.id, x.success])).toEqual([[b.id, true], [a.id, false]]);
    expect((await ticketRow(b.id)).state).toBe('spam');

    const ns = await t.call('PUT', `/api/v2/spam_tickets/not_spam_many?ids=${b.id}%2C${c.id}`);
    expect(ns.body.job_status.job_type).toBe('bulk_not_spam');
    await t.drainJobs();
    const nsJob = (await t.call('GET', `/api/v2/job_statuses/${ns.body.job_status.id}`)).body.job_status;
    expect(nsJob.results.every((x: { success: boolean; action: string }) => x.success && x.action === 'not_spam')).toBe(true);
    expect((await ticketRow(b.id)).state).toBe('active');
    expect((await ticketRow(c.id)).state).toBe('active');

    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.call('DELETE', `/api/v2/tickets/destroy_many?ids=${tooMany}`)).status).toBe(400);
    expect((await t.call('PUT', '/api/v2/tickets/mark_many_as_spam?ids=1,x')).status).toBe(400);
    expect((await t.call('PUT', '/api/v2/spam_tickets/not_spam_many')).status).toBe(400);
  });

  it('restores many at once, all or nothing', async () => {
    const requester = await t.contact();
    const a = await postTicket(t, { requester_id: requester, status: 'open' });
    const b = await postTicket(t, { requester_id: requester, status: 'solved' });
    const live = await postTicket(t, { requester_id: requester });
    await t.call('DELETE', `/api/v2/tickets/${a.id}`);
    await t.call('DELETE', `/api/v2/tickets/${b.id}`);
    const refused = await t.call('PUT', `/api/v2/deleted_tickets/restore_many?ids=${a.id},${live.id},999999`);
    expect(refused.status).toBe(422);
    expect(refused.body.details.ids[0].description).toContain(`${live.id}, 999999`);
    expect((await ticketRow(a.id)).state).toBe('deleted');
    const ok = await t.call('PUT', `/api/v2/deleted_tickets/restore_many.json?ids=${a.id},${b.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    expect(await ticketRow(a.id)).toMatchObject({ state: 'active', status: 'open', state_actor_id: null });
    expect(await ticketRow(b.id)).toMatchObject({ state: 'active', status: 'solved' });
  });

  it('refuses to restore a ticket whose requester is deleted', async () => {
    const requester = await t.contact();
    const tk = await postTicket(t, { requester_id: requester });
    await t.call('DELETE', `/api/v2/tickets/${tk.id}`);
    await t.store.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', requester).execute();
    const r = await t.call('PUT', `/api/v2/deleted_tickets/${tk.id}/restore`);
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.details)).toEqual(['requester']);
    expect((await ticketRow(tk.id)).state).toBe('deleted');
  });
});
