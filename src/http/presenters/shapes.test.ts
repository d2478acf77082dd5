import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { AuditLogPageSchema } from '../../shared/audit.ts';
import { PasswordLinkSchema, SessionBodySchema } from '../../shared/auth.ts';
import { CommentSchema, UploadSchema } from '../../shared/comments.ts';
import { cursorList, offsetList } from '../../shared/envelopes.ts';
import { CertificateSchema, ErasureMatchSchema, ErasureRequestSchema, TicketGroupSchema } from '../../shared/erasure-requests.ts';
import { GroupMembershipSchema, GroupSchema } from '../../shared/groups.ts';
import { JobStatusSchema } from '../../shared/jobs.ts';
import { OrganizationMembershipSchema, OrganizationSchema } from '../../shared/organizations.ts';
import { SearchPageSchema } from '../../shared/search.ts';
import { SettingsSchema } from '../../shared/settings.ts';
import { DeletedTicketSchema, SpamTicketSchema, TicketAuditSchema, TicketSchema } from '../../shared/tickets.ts';
import { AnonymousUserSchema, DeletedUserSchema, IdentitySchema, UserSchema } from '../../shared/users.ts';

// The presenters are typed against the shapes of src/shared, which the web app reads; this
// holds the answers themselves to them, on both databases. A schema strips what it does not
// know, so `parse(body)` equal to `body` means: every field the shape names is there with
// its type, and nothing the shape does not name was sent (at any depth).

describeEachDb('answers have the shared shapes', (kind) => {
  let t: TestApp;
  const bodies: Record<string, unknown> = {};
  const get = async (url: string) => {
    const r = await t.call('GET', url);
    expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const agent = await t.staff('agent');
    const contact = await t.contact({ name: 'Ada Lovelace', email: 'ada@example.test', tags: ['vip'], user_fields: { plan: 'gold' } });
    const org = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Engines', domain_names: ['engines.test'] } })).body.organization;
    await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: contact, organization_id: org.id } });
    const group = (await t.call('POST', '/api/v2/groups', { group: { name: 'Support' } })).body.group;
    await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: group.id } });
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v2/uploads?filename=notes.txt',
      headers: { authorization: t.owner.auth, 'content-type': 'text/plain' },
      payload: Buffer.from('hello'),
    });
    bodies.upload = JSON.parse(up.body).upload;
    const created = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Engine hums', requester_id: contact, tags: ['x'], custom_fields: [{ id: 1, value: 'a' }], comment: { body: 'It hums, Ada', uploads: [JSON.parse(up.body).upload.token] } },
    });
    bodies.audit = created.body.audit;
    const ticket = created.body.ticket.id;
    const spammer = await t.contact({ name: 'Sid Spam' });
    const spam = (await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: spammer, comment: { body: 'buy' } } })).body.ticket.id;
    await t.call('PUT', `/api/v2/tickets/${spam}/mark_as_spam`);
    const gone = (await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: contact, comment: { body: 'old' } } })).body.ticket.id;
    await t.call('DELETE', `/api/v2/tickets/${gone}`);
    const leaving = await t.contact({ name: 'Gone Soon' });
    await t.call('DELETE', `/api/v2/users/${leaving}`);
    const job = (await t.call('PUT', `/api/v2/tickets/mark_many_as_spam?ids=${ticket + 1000}`)).body.job_status;
    bodies.jobQueued = job;
    await t.drainJobs();

    const er = (await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: contact, extra_terms: ['Engine hums'] } })).body.erasure_request;
    await t.drainJobs();
    Object.assign(bodies, {
      session: await get('/api/v2/session'),
      anonymous: (await t.call('GET', '/api/v2/users/me', undefined, null)).body.user,
      users: await get('/api/v2/users'),
      usersCursor: await get('/api/v2/users?page[size]=2'),
      user: (await get(`/api/v2/users/${contact}`)).user,
      deletedUsers: await get('/api/v2/deleted_users'),
      identities: await get(`/api/v2/users/${contact}/identities`),
      tickets: await get('/api/v2/tickets'),
      comments: await get(`/api/v2/tickets/${ticket}/comments`),
      spamTickets: await get('/api/v2/spam_tickets'),
      deletedTickets: await get('/api/v2/deleted_tickets'),
      organizations: await get('/api/v2/organizations'),
      orgMemberships: await get(`/api/v2/users/${contact}/organization_memberships`),
      groups: await get('/api/v2/groups'),
      groupMemberships: await get('/api/v2/group_memberships'),
      job: (await get(`/api/v2/job_statuses/${job.id}`)).job_status,
      auditLogs: await get('/api/v2/audit_logs?page[size]=20'),
      settings: (await get('/api/v2/account/settings')).settings,
      search: await get('/api/v2/search?query=engine'),
      erasureRequest: (await get(`/api/v2/erasure_requests/${er.id}`)).erasure_request,
      erasureRequests: await get('/api/v2/erasure_requests'),
      matches: await get(`/api/v2/erasure_requests/${er.id}/matches`),
      ticketGroups: await get(`/api/v2/erasure_requests/${er.id}/tickets`),
      passwordLink: (await t.call('POST', `/api/v2/users/${agent.id}/password_link`)).body.password_link,
    });
    await t.call('PUT', `/api/v2/erasure_requests/${er.id}`, { erasure_request: { confirm_all: true } });
    await t.call('POST', `/api/v2/erasure_requests/${er.id}/execute`);
    await t.drainJobs();
    bodies.certificate = (await get(`/api/v2/erasure_requests/${er.id}/certificate`)).certificate;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const cases: [string, z.ZodType][] = [
    ['session', SessionBodySchema],
    ['anonymous', AnonymousUserSchema],
    ['users', offsetList('users', UserSchema)],
    ['usersCursor', cursorList('users', UserSchema)],
    ['user', UserSchema],
    ['deletedUsers', offsetList('deleted_users', DeletedUserSchema)],
    ['identities', offsetList('identities', IdentitySchema)],
    ['upload', UploadSchema],
    ['audit', TicketAuditSchema],
    ['tickets', offsetList('tickets', TicketSchema)],
    ['comments', offsetList('comments', CommentSchema)],
    ['spamTickets', offsetList('tickets', SpamTicketSchema)],
    ['deletedTickets', offsetList('deleted_tickets', DeletedTicketSchema)],
    ['organizations', offsetList('organizations', OrganizationSchema)],
    ['orgMemberships', offsetList('organization_memberships', OrganizationMembershipSchema)],
    ['groups', offsetList('groups', GroupSchema)],
    ['groupMemberships', offsetList('group_memberships', GroupMembershipSchema)],
    ['jobQueued', JobStatusSchema],
    ['job', JobStatusSchema],
    ['auditLogs', AuditLogPageSchema],
    ['settings', SettingsSchema],
    ['search', SearchPageSchema],
    ['erasureRequest', ErasureRequestSchema],
    ['erasureRequests', offsetList('erasure_requests', ErasureRequestSchema)],
    ['matches', offsetList('matches', ErasureMatchSchema)],
    ['ticketGroups', offsetList('tickets', TicketGroupSchema)],
    ['certificate', CertificateSchema],
    ['passwordLink', PasswordLinkSchema],
  ];
  for (const [name, schema] of cases) {
    it(`${name} has its shape, and nothing else`, () => {
      const body = bodies[name];
      expect(body, name).toBeDefined();
      const parsed = schema.safeParse(body);
      expect(parsed.success ? null : parsed.error.issues, name).toBeNull();
      expect(parsed.data).toStrictEqual(body);
    });
  }

  it('lists are not empty, so their items were checked', () => {
    for (const key of ['users', 'deletedUsers', 'tickets', 'comments', 'spamTickets', 'deletedTickets', 'organizations', 'groups', 'matches', 'ticketGroups', 'search']) {
      const list = Object.values(bodies[key] as object).find(Array.isArray) as unknown[];
      expect(list.length, key).toBeGreaterThan(0);
    }
    expect((bodies.comments as { comments: { attachments: unknown[] }[] }).comments[0]!.attachments.length).toBe(1);
  });
});
