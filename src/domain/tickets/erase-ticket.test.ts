import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { findTextAnywhere } from '../../db/queries/erasure.ts';
import { eraseTicket } from './erase-ticket.ts';
import { insertAttachment, insertComment, insertTicket, marker, moveTicket, softDelete } from '../../../test/factories/index.ts';
import { allRows, countWhere } from '../../../test/reads.ts';

describeEachDb('erase a ticket (Delete Forever)', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await t.close();
  });

  /** A ticket full of a marker: subject, comments, attachments, tags, CCs, audits, raw mail. */
  async function richTicket(requesterId: number, m: string) {
    const id = await insertTicket(t, requesterId, { subject: `About ${m}`, custom_fields: `[{"id":1,"value":"${m}"}]`, external_id: m, channel: 'api', brand_id: 3 });
    const c = await insertComment(t, id, requesterId, `text ${m}`);
    await insertAttachment(t, { ticketId: id, commentId: c, uploaderId: requesterId, name: `${m}.txt`, bytes: m });
    // An inline image attached to the ticket but to no comment any more.
    await insertAttachment(t, { ticketId: id, commentId: null, uploaderId: null, name: `inline-${m}.png`, bytes: m });
    await db.insertInto('ticket_tags').values({ ticket_id: id, tag: `t${m}` }).execute();
    await db.insertInto('ticket_collaborators').values({ ticket_id: id, user_id: t.owner.id }).execute();
    await db.insertInto('ticket_audits').values({ ticket_id: id, author_id: requesterId, events: '[]', created_at: t.clock.now().toISOString() }).execute();
    await db.insertInto('raw_messages').values({ ticket_id: id, comment_id: c, size: 1, data: Buffer.from(m), created_at: t.clock.now().toISOString() }).execute();
    return id;
  }

  async function expectTombstone(id: number, requesterId: number) {
    const row = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const at = t.clock.now().toISOString();
    expect(row).toEqual({
      id, channel: 'api', created_at: row.created_at, updated_at: at, status: 'deleted', requester_id: requesterId,
      submitter_id: requesterId, assignee_id: null, group_id: null, brand_id: 3, erased_at: at, state: 'erased',
      external_id: null, subject: null, priority: null, type: null, organization_id: null, custom_fields: null, due_at: null,
      spam_cause: null, state_changed_at: null, state_actor_id: null, solved_at: null,
    });
    for (const table of ['comments', 'attachments', 'ticket_tags', 'ticket_collaborators', 'ticket_audits', 'raw_messages']) {
      expect(await countWhere(t, table, 'ticket_id', [id]), table).toBe(0);
    }
  }

  it('erases from Deleted tickets and from Spam to a tombstone (docs/lifecycle.md)', async () => {
    const requester = await t.contact();
    const [m1, m2, keep] = [marker(), marker(), marker()];
    const deleted = await richTicket(requester, m1);
    const spam = await richTicket(requester, m2);
    const live = await richTicket(requester, keep);
    await moveTicket(t, deleted, 'deleted');
    await moveTicket(t, spam, 'spam');
    t.clock.advanceDays(1);
    const counts = await eraseTicket(t.as(t.owner), { ticketId: deleted, from: 'deleted' });
    expect(counts).toMatchObject({ tickets: 1, comments: 1, attachments: 2, ticket_tags: 1, ticket_collaborators: 1, ticket_audits: 1, raw_messages: 1 });
    await eraseTicket(t.as(t.owner), { ticketId: spam, from: 'spam' });
    await expectTombstone(deleted, requester);
    await expectTombstone(spam, requester);
    expect(await findTextAnywhere(t.store.db, t.store.caps, m1)).toEqual([]);
    expect(await findTextAnywhere(t.store.db, t.store.caps, m2)).toEqual([]);
    expect((await findTextAnywhere(t.store.db, t.store.caps, keep)).length).toBeGreaterThan(3);
    expect(await countWhere(t, 'comments', 'ticket_id', [live])).toBe(1);
    const events = await db.selectFrom('audit_events').selectAll().where('action', '=', 'ticket.erased').orderBy('id').execute();
    expect(events.map((e: any) => [e.subject_id, JSON.parse(e.details).from])).toEqual([[deleted, 'deleted'], [spam, 'spam']]);
    expect(JSON.stringify(events)).not.toMatch(/mk\d/);
  });

  it('refuses a ticket that is not in that view (404) and an agent without the permission (403), changing nothing', async () => {
    const requester = await t.contact();
    const live = await richTicket(requester, marker());
    const spam = await richTicket(requester, marker());
    await moveTicket(t, spam, 'spam');
    const plain = await t.staff('agent');
    const before = await allRows(t);
    await expect(eraseTicket(t.as(t.owner), { ticketId: live, from: 'deleted' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(eraseTicket(t.as(t.owner), { ticketId: spam, from: 'deleted' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(eraseTicket(t.as(t.owner), { ticketId: 999999, from: 'spam' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(eraseTicket(t.as(plain), { ticketId: spam, from: 'spam' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.call('DELETE', `/api/v2/deleted_tickets/${live}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/spam_tickets/${live}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/spam_tickets/${spam}`, undefined, plain)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v2/spam_tickets/destroy_many?ids=${spam}`, undefined, plain)).status).toBe(403);
    expect(await allRows(t)).toEqual(before);
    // Erased once, it is gone from both views.
    await eraseTicket(t.as(t.owner), { ticketId: spam, from: 'spam' });
    await expect(eraseTicket(t.as(t.owner), { ticketId: spam, from: 'spam' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets an agent with the delete tickets permission erase, through a job for one id', async () => {
    const requester = await t.contact();
    const id = await richTicket(requester, marker());
    await moveTicket(t, id, 'deleted');
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const r = await t.call('DELETE', `/api/v2/deleted_tickets/${id}.json`, undefined, agent);
    expect(r.status).toBe(200);
    expect(r.body.job_status).toMatchObject({ job_type: 'bulk_erase_deleted_tickets', status: 'queued', total: 1 });
    await t.drainJobs();
    const job = await t.call('GET', `/api/v2/job_statuses/${r.body.job_status.id}`, undefined, agent);
    expect(job.body.job_status).toMatchObject({ status: 'completed', results: [{ id, success: true }] });
    await expectTombstone(id, requester);
    const event = await db.selectFrom('audit_events').selectAll().where('action', '=', 'ticket.erased').executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(agent.id);
  });

  it('erases many from Spam in a job, reporting the ones that were not there', async () => {
    const requester = await t.contact();
    const a = await richTicket(requester, marker());
    const b = await richTicket(requester, marker());
    const notSpam = await richTicket(requester, marker());
    await moveTicket(t, a, 'spam');
    await moveTicket(t, b, 'spam');
    const r = await t.call('DELETE', `/api/v2/spam_tickets/destroy_many.json?ids=${a}%2C${notSpam},${b}`);
    expect(r.status).toBe(200);
    expect(r.body.job_status).toMatchObject({ job_type: 'bulk_erase_spam_tickets', total: 3 });
    await t.drainJobs();
    const job = (await t.call('GET', `/api/v2/job_statuses/${r.body.job_status.id}`)).body.job_status;
    expect(job.results).toEqual([
      { id: a, action: 'erase', status: 'Permanently deleted', success: true },
      { id: notSpam, action: 'erase', status: 'Failed', success: false, error: 'Not found' },
      { id: b, action: 'erase', status: 'Permanently deleted', success: true },
    ]);
    await expectTombstone(a, requester);
    await expectTombstone(b, requester);
    expect(await db.selectFrom('tickets').select(['state', 'subject']).where('id', '=', notSpam).executeTakeFirst()).toMatchObject({ state: 'active' });
    expect((await t.call('DELETE', '/api/v2/deleted_tickets/destroy_many?ids=')).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await t.call('DELETE', `/api/v2/deleted_tickets/destroy_many?ids=${tooMany}`)).status).toBe(400);
  });

  it('erases deleted contacts in bulk, for admins only', async () => {
    const a = await t.contact();
    const b = await t.contact();
    const live = await t.contact();
    const ta = await richTicket(a, marker());
    await softDelete(t, a);
    await softDelete(t, b);
    const agent = await t.staff('agent');
    expect((await t.call('DELETE', `/api/v2/deleted_users/destroy_many?ids=${a},${b}`, undefined, agent)).status).toBe(403);
    expect(await t.drainJobs()).toBe(0);
    const r = await t.call('DELETE', `/api/v2/deleted_users/destroy_many?ids=${a},${live},${b}`);
    expect(r.body.job_status).toMatchObject({ job_type: 'bulk_erase_users', total: 3 });
    await t.drainJobs();
    const job = (await t.call('GET', `/api/v2/job_statuses/${r.body.job_status.id}`)).body.job_status;
    expect(job.results.map((x: any) => [x.id, x.success])).toEqual([[a, true], [live, false], [b, true]]);
    expect(job.results[1].error).toBe('Only deleted users can be permanently deleted; delete them first.');
    const users = await db.selectFrom('users').select(['id', 'name', 'erased_at']).where('id', 'in', [a, b, live]).orderBy('id').execute();
    expect(users.map((u: any) => [u.name, !!u.erased_at])).toEqual([['Permanently Deleted User', true], ['Permanently Deleted User', true], [expect.stringMatching(/^Contact/), false]]);
    expect(await db.selectFrom('tickets').select('state').where('id', '=', ta).executeTakeFirst()).toEqual({ state: 'erased' });
  });
});
