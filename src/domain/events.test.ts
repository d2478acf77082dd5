import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { describeEachDb } from '../../test/db.ts';
import { createTestStore } from '../../test/db.ts';
import { FakeClock } from '../../test/clock.ts';
import { marker, postTicket, postUpload } from '../../test/factories/index.ts';
import { smtpClient } from '../../test/smtp.ts';
import { Browser, PASSWORD } from '../../test/security/world.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../context.ts';
import { erasureRequestJobHandlers } from '../jobs/handlers/erasure-requests.ts';
import { runSweeps } from '../jobs/sweeps.ts';
import { startSmtpIn } from '../mail/smtp-in.ts';
import { createApiToken, setupOwner } from './auth/setup-owner.ts';
import { PLAN_JOB } from './erasure-requests/state.ts';
import { callRows, chatRows, ok, type Row } from '../../test/audit-rows-channels.ts';
import { satisfactionRows } from '../../test/audit-rows-satisfaction.ts';
import { helpCentreRows } from '../../test/audit-rows-help-centre.ts';
import { communityRows } from '../../test/audit-rows-community.ts';
import { webhookRows } from '../../test/audit-rows-webhooks.ts';
import { reportsRows } from '../../test/audit-rows-reports.ts';

// Every audit action the code records, each driven through the real path (the API; SMTP for
// mail; the sweep, the job handler or the owner's setup where that is the only one): the
// event is recorded, names its subject by id, and carries ids, counts, states and field names
// only. A marker is planted in every piece of personal data the action touches, and no event
// may contain it. A new action string in the code without a row here fails the first test.

const person = (t: TestApp, m: string) =>
  t.contact({ name: `Name ${m}`, email: `${m}@example.test`, notes: `notes ${m}`, alias: `alias ${m}` });
const ticketOf = async (t: TestApp, m: string, requester?: number) =>
  (await postTicket(t, { subject: `Subject ${m}`, requester_id: requester ?? (await person(t, m)), comment: { body: `My name is ${m}.` } })).id as number;
const firstComment = async (t: TestApp, ticketId: number) => (await ok(t.call('GET', `/api/v2/tickets/${ticketId}/comments`))).comments[0];
const deleted = async (t: TestApp, m: string) => {
  const id = await person(t, m);
  await ok(t.call('DELETE', `/api/v2/users/${id}`));
  return id;
};
const org = async (t: TestApp, m: string) => (await ok(t.call('POST', '/api/v2/organizations', { organization: { name: `Org ${m}`, notes: `notes ${m}` } }), 201)).organization.id as number;
const group = async (t: TestApp, m: string) => (await ok(t.call('POST', '/api/v2/groups', { group: { name: `Group ${m}`, description: `about ${m}` } }), 201)).group.id as number;
const secondIdentity = async (t: TestApp, m: string, userId: number) =>
  (await ok(t.call('POST', `/api/v2/users/${userId}/identities`, { identity: { type: 'email', value: `second.${m}@example.test` } }), 201)).identity.id as number;
const orgMembership = async (t: TestApp, m: string, userId: number) =>
  (await ok(t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: userId, organization_id: await org(t, m) } }), 201)).organization_membership.id as number;
const groupMembership = async (t: TestApp, m: string, agentId: number) =>
  (await ok(t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agentId, group_id: await group(t, m) } }), 201)).group_membership.id as number;
const agentOf = (t: TestApp, m: string) => t.staff('agent', { name: `Agent ${m}` });
/** An invitation's link redeemed: the agent has a password and a browser signed in with it. */
async function signedInAgent(t: TestApp, m: string): Promise<{ id: number; browser: Browser }> {
  const inv = (await ok(t.call('POST', '/api/v2/invitations', { invitation: { name: `Agent ${m}`, email: `${m}@oubli.test` } }), 201)).invitation;
  const browser = new Browser(t);
  await browser.request('GET', '/api/v2/session');
  await ok(browser.request('POST', '/api/v2/session/password', { password_link: { token: inv.token, password: PASSWORD } }));
  return { id: inv.user_id, browser };
}
/**
 * An erasure request for a person named in someone else's ticket (subject and comment) and in
 * a closed ticket (which goes whole), planned.
 */
async function plannedRequest(t: TestApp, m: string): Promise<{ id: number; userId: number; ticketId: number; closedTicket: number }> {
  const userId = await t.contact({ name: `Zed ${m}`, email: `${m}@example.test` });
  await ticketOf(t, m, userId);
  const other = await t.contact();
  const ticketId = (await postTicket(t, { subject: `About Zed ${m}`, requester_id: other, comment: { body: `Zed ${m} called.` } })).id as number;
  const closedTicket = (await postTicket(t, { subject: 'Old', requester_id: other, comment: { body: `Zed ${m} once called.` } })).id as number;
  await ok(t.call('PUT', `/api/v2/tickets/${closedTicket}`, { ticket: { status: 'solved' } }));
  await ok(t.call('PUT', `/api/v2/tickets/${closedTicket}/close`));
  const id = (await ok(t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } }), 201)).erasure_request.id as number;
  await t.drainJobs();
  return { id, userId, ticketId, closedTicket };
}
async function executedRequest(t: TestApp, m: string) {
  const r = await plannedRequest(t, m);
  await ok(t.call('PUT', `/api/v2/erasure_requests/${r.id}`, { erasure_request: { confirm_all: true } }));
  await ok(t.call('POST', `/api/v2/erasure_requests/${r.id}/execute`));
  await t.drainJobs();
  return r;
}
/** Someone else's ticket tag and custom field, an organization and a peer's profile naming the person; an erasure request over them, executed. */
async function placesErased(t: TestApp, m: string): Promise<{ ticketId: number; orgId: number; peerId: number }> {
  const userId = await t.contact({ name: `Zed ${m}`, email: `${m}@example.test` });
  const bob = await t.contact();
  const ticketId = (await postTicket(t, { subject: 'Printer', requester_id: bob, tags: [`for_${m}`], custom_fields: [{ id: 7, value: `ref ${m}` }] })).id as number;
  const orgId = await org(t, m);
  const peerId = (await ok(t.call('POST', '/api/v2/users', { user: { name: 'Pete Peer', email: `peer.${nextPeer++}@peer.test`, notes: `works with ${m}` } }), 201)).user.id as number;
  for (const u of [userId, peerId]) await ok(t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: orgId } }), 201);
  const id = (await ok(t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId, extra_terms: [m] } }), 201)).erasure_request.id as number;
  await t.drainJobs();
  await ok(t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } }));
  await ok(t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
  await t.drainJobs();
  return { ticketId, orgId, peerId };
}
let nextPeer = 0;
/** A request executed over data written after its plan, which nobody decided about: the verification finds it. */
async function lateDataRequest(t: TestApp, m: string): Promise<number> {
  const r = await plannedRequest(t, m);
  await ok(t.call('PUT', `/api/v2/erasure_requests/${r.id}`, { erasure_request: { confirm_all: true } }));
  await postTicket(t, { subject: 'Later', requester_id: await t.contact(), comment: { body: `Zed ${m} called again.` } });
  await ok(t.call('POST', `/api/v2/erasure_requests/${r.id}/execute`));
  await t.drainJobs();
  expect((await ok(t.call('GET', `/api/v2/erasure_requests/${r.id}`))).erasure_request.status).toBe('verification_failed');
  return r.id;
}
async function mailIn(t: TestApp, m: string, extra: Record<string, unknown> = {}): Promise<string> {
  const smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024, supportAddresses: ['support@oubli.test'] });
  try {
    const c = smtpClient(smtp.port);
    const info = await c.sendMail({ from: `"Name ${m}" <${m}@example.test>`, to: 'support@oubli.test', subject: `Mail ${m}`, text: `Hello from ${m}`, ...extra });
    c.close();
    return info.messageId as string;
  } finally {
    await smtp.close();
  }
}
const lastTicket = async (t: TestApp) => (await t.store.db.selectFrom('tickets').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

const ROWS: Row[] = [
  {
    action: 'account.owner_created',
    async drive(_t, m) {
      const store = await createTestStore('sqlite');
      const ctx: Ctx = { db: store.db, caps: store.caps, now: new FakeClock().now, log: silentLogger, actor: SYSTEM_ACTOR };
      const r = await setupOwner(ctx, { email: `${m}@oubli.test`, name: `Owner ${m}` });
      const db = store.db as unknown as Kysely<any>;
      onClose.push(() => store.destroy());
      return { subjectType: 'user', subjectId: r.userId, db };
    },
  },
  {
    // `oubli token --email …`: the command's action, in process.
    action: 'api_token.created',
    async drive(t, m) {
      const agent = await t.staff('agent', { name: `Agent ${m}`, email: `${m}@oubli.test` });
      await createApiToken(t.ctx, { email: `${m}@oubli.test` });
      return { subjectType: 'user', subjectId: agent.id };
    },
  },
  {
    action: 'user.created',
    async drive(t, m) {
      const u = (await ok(t.call('POST', '/api/v2/users', { user: { name: `Name ${m}`, email: `${m}@example.test`, notes: `notes ${m}` } }), 201)).user;
      return { subjectType: 'user', subjectId: u.id };
    },
  },
  {
    action: 'user.updated',
    async drive(t, m) {
      const id = await person(t, m);
      await ok(t.call('PUT', `/api/v2/users/${id}`, { user: { notes: `new notes ${m}`, details: `details ${m}` } }));
      return { subjectType: 'user', subjectId: id };
    },
  },
  { action: 'user.deleted', drive: async (t, m) => ({ subjectType: 'user', subjectId: await deleted(t, m) }) },
  {
    action: 'user.restored',
    async drive(t, m) {
      const id = await deleted(t, m);
      await ok(t.call('PUT', `/api/v2/deleted_users/${id}/restore`));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'user.erased',
    async drive(t, m) {
      const id = await deleted(t, m);
      await ok(t.call('DELETE', `/api/v2/deleted_users/${id}`));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'user.exported',
    async drive(t, m) {
      const id = await person(t, m);
      await ok(t.call('GET', `/api/v2/users/${id}/export`));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'user.suspended',
    async drive(t, m) {
      const id = await person(t, m);
      await ok(t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: true } }));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'user.unsuspended',
    async drive(t, m) {
      const id = await person(t, m);
      await ok(t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: true } }));
      await ok(t.call('PUT', `/api/v2/users/${id}`, { user: { suspended: false } }));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'user.password_link_issued',
    async drive(t, m) {
      const agent = await agentOf(t, m);
      await ok(t.call('POST', `/api/v2/users/${agent.id}/password_link`), 201);
      return { subjectType: 'user', subjectId: agent.id };
    },
  },
  { action: 'user.password_set', drive: async (t, m) => ({ subjectType: 'user', subjectId: (await signedInAgent(t, m)).id }) },
  {
    action: 'session.signed_in',
    async drive(t, m) {
      const { id } = await signedInAgent(t, m);
      await ok(new Browser(t).signIn(`${m}@oubli.test`));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'session.signed_out',
    async drive(t, m) {
      const { id, browser } = await signedInAgent(t, m);
      const r = await browser.request('DELETE', '/api/v2/session');
      expect(r.status).toBeLessThan(300);
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'identity.created',
    async drive(t, m) {
      const id = await person(t, m);
      await secondIdentity(t, m, id);
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'identity.updated',
    async drive(t, m) {
      const id = await person(t, m);
      const iid = await secondIdentity(t, m, id);
      await ok(t.call('PUT', `/api/v2/users/${id}/identities/${iid}`, { identity: { value: `third.${m}@example.test` } }));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'identity.made_primary',
    async drive(t, m) {
      const id = await person(t, m);
      const iid = await secondIdentity(t, m, id);
      await ok(t.call('PUT', `/api/v2/users/${id}/identities/${iid}/make_primary`));
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'identity.deleted',
    async drive(t, m) {
      const id = await person(t, m);
      const iid = await secondIdentity(t, m, id);
      const r = await t.call('DELETE', `/api/v2/users/${id}/identities/${iid}`);
      expect(r.status).toBeLessThan(300);
      return { subjectType: 'user', subjectId: id };
    },
  },
  { action: 'organization.created', drive: async (t, m) => ({ subjectType: 'organization', subjectId: await org(t, m) }) },
  {
    action: 'organization.updated',
    async drive(t, m) {
      const id = await org(t, m);
      await ok(t.call('PUT', `/api/v2/organizations/${id}`, { organization: { name: `Renamed ${m}`, details: `details ${m}` } }));
      return { subjectType: 'organization', subjectId: id };
    },
  },
  {
    action: 'organization.deleted',
    async drive(t, m) {
      const id = await org(t, m);
      expect((await t.call('DELETE', `/api/v2/organizations/${id}`)).status).toBe(204);
      return { subjectType: 'organization', subjectId: id };
    },
  },
  {
    action: 'organization_membership.created',
    async drive(t, m) {
      const userId = await person(t, m);
      await orgMembership(t, m, userId);
      return { subjectType: 'user', subjectId: userId };
    },
  },
  {
    action: 'organization_membership.made_default',
    async drive(t, m) {
      const userId = await person(t, m);
      const mid = await orgMembership(t, m, userId);
      await ok(t.call('PUT', `/api/v2/users/${userId}/organization_memberships/${mid}/make_default`));
      return { subjectType: 'user', subjectId: userId };
    },
  },
  {
    action: 'organization_membership.deleted',
    async drive(t, m) {
      const userId = await person(t, m);
      const mid = await orgMembership(t, m, userId);
      expect((await t.call('DELETE', `/api/v2/organization_memberships/${mid}`)).status).toBe(204);
      return { subjectType: 'user', subjectId: userId };
    },
  },
  { action: 'group.created', drive: async (t, m) => ({ subjectType: 'group', subjectId: await group(t, m) }) },
  // Views and macros (docs/views.md): the marker in the title, description, a tag condition and a reply.
  ...(['view', 'macro'] as const).flatMap((kind): Row[] => {
    const make = async (t: TestApp, m: string) => {
      const body = kind === 'view'
        ? { view: { title: `Queue ${m}`, description: m, all: [{ field: 'tags', operator: 'includes', value: `tag${m}` }] } }
        : { macro: { title: `Reply ${m}`, description: m, actions: [{ field: 'comment_value', value: `Dear ${m}` }] } };
      return (await ok(t.call('POST', `/api/v2/${kind}s`, body), 201))[kind].id as number;
    };
    return [
      { action: `${kind}.created`, drive: async (t, m) => ({ subjectType: kind, subjectId: await make(t, m) }) },
      {
        action: `${kind}.updated`,
        async drive(t, m) {
          const id = await make(t, m);
          await ok(t.call('PUT', `/api/v2/${kind}s/${id}`, { [kind]: { title: `Renamed ${m}` } }));
          return { subjectType: kind, subjectId: id };
        },
      },
      {
        action: `${kind}.deleted`,
        async drive(t, m) {
          const id = await make(t, m);
          expect((await t.call('DELETE', `/api/v2/${kind}s/${id}`)).status).toBe(204);
          return { subjectType: kind, subjectId: id };
        },
      },
    ];
  }),
  {
    action: 'group.updated',
    async drive(t, m) {
      const id = await group(t, m);
      await ok(t.call('PUT', `/api/v2/groups/${id}`, { group: { name: `Renamed ${m}` } }));
      return { subjectType: 'group', subjectId: id };
    },
  },
  {
    action: 'group.deleted',
    async drive(t, m) {
      const id = await group(t, m);
      expect((await t.call('DELETE', `/api/v2/groups/${id}`)).status).toBe(204);
      return { subjectType: 'group', subjectId: id };
    },
  },
  {
    action: 'group_membership.created',
    async drive(t, m) {
      const agent = await agentOf(t, m);
      await groupMembership(t, m, agent.id);
      return { subjectType: 'user', subjectId: agent.id };
    },
  },
  {
    action: 'group_membership.made_default',
    async drive(t, m) {
      const agent = await agentOf(t, m);
      const mid = await groupMembership(t, m, agent.id);
      await ok(t.call('PUT', `/api/v2/users/${agent.id}/group_memberships/${mid}/make_default`));
      return { subjectType: 'user', subjectId: agent.id };
    },
  },
  {
    action: 'group_membership.deleted',
    async drive(t, m) {
      const agent = await agentOf(t, m);
      const mid = await groupMembership(t, m, agent.id);
      expect((await t.call('DELETE', `/api/v2/group_memberships/${mid}`)).status).toBe(204);
      return { subjectType: 'user', subjectId: agent.id };
    },
  },
  { action: 'ticket.created', via: 'the API', drive: async (t, m) => ({ subjectType: 'ticket', subjectId: await ticketOf(t, m) }) },
  {
    action: 'ticket.created',
    via: 'mail',
    async drive(t, m) {
      await mailIn(t, m);
      return { subjectType: 'ticket', subjectId: await lastTicket(t) };
    },
  },
  {
    action: 'ticket.updated',
    via: 'the API',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      await ok(t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { subject: `New ${m}`, comment: { body: `More from ${m}` } } }));
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.updated',
    via: 'mail',
    async drive(t, m) {
      const first = await mailIn(t, m);
      const id = await lastTicket(t);
      await mailIn(t, m, { subject: `Re: Mail ${m}`, inReplyTo: first, references: [first], text: `Again ${m}` });
      expect(await lastTicket(t)).toBe(id);
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.closed',
    via: 'the API',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      await ok(t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { status: 'solved' } }));
      await ok(t.call('PUT', `/api/v2/tickets/${id}/close`));
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.closed',
    via: 'the sweep',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      await ok(t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { status: 'solved' } }));
      t.clock.advanceDays(5);
      await runSweeps(t.ctx, { dryRun: false });
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.deleted',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      expect((await t.call('DELETE', `/api/v2/tickets/${id}`)).status).toBe(204);
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.restored',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      expect((await t.call('DELETE', `/api/v2/tickets/${id}`)).status).toBe(204);
      await ok(t.call('PUT', `/api/v2/deleted_tickets/${id}/restore`));
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.erased',
    via: 'Delete forever',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      expect((await t.call('DELETE', `/api/v2/tickets/${id}`)).status).toBe(204);
      await ok(t.call('DELETE', `/api/v2/deleted_tickets/${id}`));
      await t.drainJobs();
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  { action: 'ticket.erased', via: 'an erasure request', drive: async (t, m) => ({ subjectType: 'ticket', subjectId: (await executedRequest(t, m)).closedTicket }) },
  { action: 'ticket.subject_redacted', drive: async (t, m) => ({ subjectType: 'ticket', subjectId: (await executedRequest(t, m)).ticketId }) },
  {
    action: 'ticket.marked_spam',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      await ok(t.call('PUT', `/api/v2/tickets/${id}/mark_as_spam`));
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'ticket.not_spam',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      await ok(t.call('PUT', `/api/v2/tickets/${id}/mark_as_spam`));
      await ok(t.call('PUT', `/api/v2/spam_tickets/${id}/not_spam`));
      return { subjectType: 'ticket', subjectId: id };
    },
  },
  {
    action: 'comment.redacted',
    via: 'a text',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      const c = await firstComment(t, id);
      await ok(t.call('PUT', `/api/v2/tickets/${id}/comments/${c.id}/redact`, { text: m }));
      return { subjectType: 'comment', subjectId: c.id };
    },
  },
  {
    action: 'comment.redacted',
    via: 'marked passages',
    async drive(t, m) {
      const id = await ticketOf(t, m);
      const c = await firstComment(t, id);
      const html = (c.html_body as string).replace(m, `<redact>${m}</redact>`);
      await ok(t.call('PUT', `/api/v2/comment_redactions/${c.id}`, { ticket_id: id, html_body: html }));
      return { subjectType: 'comment', subjectId: c.id };
    },
  },
  {
    action: 'attachment.redacted',
    async drive(t, m) {
      const up = await postUpload(t, `${m}.pdf`, `%PDF passport of ${m}`);
      const id = (await postTicket(t, { subject: `Subject ${m}`, requester_id: await person(t, m), comment: { body: 'See attached', uploads: [up.token] } })).id;
      const c = await firstComment(t, id);
      await ok(t.call('PUT', `/api/v2/tickets/${id}/comments/${c.id}/attachments/${up.attachmentId}/redact`));
      return { subjectType: 'attachment', subjectId: up.attachmentId };
    },
  },
  {
    action: 'uploads.expired',
    async drive(t, m) {
      await postUpload(t, `${m}.pdf`, `%PDF draft of ${m}`);
      t.clock.advanceDays(4);
      await runSweeps(t.ctx, { dryRun: false });
      return { subjectType: 'attachment', subjectId: null };
    },
  },
  {
    action: 'settings.updated',
    async drive(t, m) {
      await ok(t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: [`help.${m}@oubli.test`], spam_retention_days: 20 } }));
      return { subjectType: 'account', subjectId: null };
    },
  },
  { action: 'ticket.tags_removed', drive: async (t, m) => ({ subjectType: 'ticket', subjectId: (await placesErased(t, m)).ticketId }) },
  { action: 'ticket.custom_fields_cleared', drive: async (t, m) => ({ subjectType: 'ticket', subjectId: (await placesErased(t, m)).ticketId }) },
  { action: 'organization.redacted', drive: async (t, m) => ({ subjectType: 'organization', subjectId: (await placesErased(t, m)).orgId }) },
  { action: 'user.profile_redacted', drive: async (t, m) => ({ subjectType: 'user', subjectId: (await placesErased(t, m)).peerId }) },
  {
    action: 'user.erasure_verified',
    async drive(t, m) {
      const id = await deleted(t, m);
      await ok(t.call('DELETE', `/api/v2/deleted_users/${id}`));
      await t.drainJobs();
      return { subjectType: 'user', subjectId: id };
    },
  },
  {
    action: 'erasure_request.fix_queued',
    async drive(t, m) {
      const r = await lateDataRequest(t, m);
      await ok(t.call('POST', `/api/v2/erasure_requests/${r}/fix`));
      return { subjectType: 'erasure_request', subjectId: r };
    },
  },
  { action: 'erasure_request.opened', drive: async (t, m) => ({ subjectType: 'erasure_request', subjectId: (await plannedRequest(t, m)).id }) },
  {
    action: 'erasure_request.updated',
    async drive(t, m) {
      const r = await plannedRequest(t, m);
      await ok(t.call('PUT', `/api/v2/erasure_requests/${r.id}`, { erasure_request: { confirm_all: true } }));
      return { subjectType: 'erasure_request', subjectId: r.id };
    },
  },
  { action: 'erasure_request.execution_queued', drive: async (t, m) => ({ subjectType: 'erasure_request', subjectId: (await executedRequest(t, m)).id }) },
  {
    action: 'erasure_request.completed',
    async drive(t, m) {
      const r = await executedRequest(t, m);
      expect((await ok(t.call('GET', `/api/v2/erasure_requests/${r.id}`))).erasure_request.status).toBe('completed');
      return { subjectType: 'erasure_request', subjectId: r.id };
    },
  },
  {
    action: 'erasure_request.cancelled',
    async drive(t, m) {
      const r = await plannedRequest(t, m);
      const res = await t.call('DELETE', `/api/v2/erasure_requests/${r.id}`);
      expect(res.status).toBeLessThan(300);
      await t.drainJobs();
      return { subjectType: 'erasure_request', subjectId: r.id };
    },
  },
  {
    action: 'erasure_request.verification_failed',
    drive: async (t, m) => ({ subjectType: 'erasure_request', subjectId: await lateDataRequest(t, m) }),
  },
  {
    action: 'erasure_request.failed',
    // The runner gives up on the request's job among all the queued jobs of the helpdesk.
    fresh: true,
    async drive(t, m) {
      // A step that threw until the runner gave up: the runner calls the handler's `failed`.
      const userId = await t.contact({ name: `Zed ${m}`, email: `${m}@example.test` });
      const id = (await ok(t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } }), 201)).erasure_request.id as number;
      const job = await (t.store.db as unknown as Kysely<any>).selectFrom('jobs').selectAll().where('job_type', '=', PLAN_JOB).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const payload = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;
      await erasureRequestJobHandlers[PLAN_JOB]!.failed!(t.ctx, { id: job.id, payload }, new Error('a step threw'));
      return { subjectType: 'erasure_request', subjectId: id };
    },
  },
  // Chat (docs/chat.md): chats written as rows (test/factories/chats.ts) or imported as an integration would.
  ...chatRows(),
  // Calls (docs/calls.md): through the voice routes, the fetcher and the sweep.
  ...callRows(),
  // Satisfaction (docs/satisfaction.md): the sweep, the survey pages, the requester's API, NPS, redaction.
  ...satisfactionRows(),
  // The knowledge base (docs/help-centre.md): through its routes.
  ...helpCentreRows(),
  // The help centre's community and sign-in (docs/help-centre-community.md).
  ...communityRows(),
  ...webhookRows(),
  // The retention watchdog (docs/reports.md): after a sweep that failed.
  ...reportsRows(),
];

let onClose: (() => Promise<void>)[] = [];

/** Source files under dir, tests left out. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Every action string the code passes to recordEvent; a call whose action is not a literal is named as such. */
function actionsInCode(): Set<string> {
  const found = new Set<string>();
  for (const file of sources('src')) {
    if (file === join('src', 'domain', 'events.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/recordEvent\(/g)) {
      const rest = text.slice(call.index! + call[0].length, call.index! + 800);
      const a = rest.match(/action:\s*(?:'([a-z_.]+)'|(\S+))/);
      found.add(a?.[1] ?? `${file}: an action that is not a string literal (${a?.[2] ?? 'none'})`);
    }
  }
  return found;
}

describe('the audit actions', () => {
  it('has a row for every action the code records, and none the code does not', () => {
    const inCode = actionsInCode();
    expect(inCode.size).toBeGreaterThan(40);
    expect([...new Set(ROWS.map((r) => r.action))].sort()).toEqual([...inCode].sort());
  });
});

describeEachDb('every audit action, recorded with ids only', (kind) => {
  // One helpdesk for all the rows: each row plants its own marker and reads only the events
  // recorded after it began, so what earlier rows left cannot make it pass or fail (an app
  // per row was 270 apps built, a tenth of the suite's time).
  let shared: TestApp;
  let fresh: TestApp | null = null;
  beforeAll(async () => {
    shared = await createTestApp(kind);
  });
  beforeEach(() => {
    onClose = [];
  });
  afterEach(async () => {
    for (const f of onClose) await f();
    await fresh?.close();
    fresh = null;
  });
  afterAll(() => shared.close());

  for (const row of ROWS) {
    it(`${row.action}${row.via ? ` (${row.via})` : ''}`, async () => {
      if (row.fresh) fresh = await createTestApp(kind);
      const t = fresh ?? shared;
      const m = marker();
      const db = t.store.db as unknown as Kysely<any>;
      const top = (await db.selectFrom('audit_events').select((eb: any) => eb.fn.max('id').as('n')).executeTakeFirstOrThrow()) as { n: number | null };
      const before = Number(top.n ?? 0);
      const r = await row.drive(t, m);
      const events = await (r.db ?? db).selectFrom('audit_events').selectAll().where('id', '>', r.db ? 0 : before).orderBy('id').execute();
      const mine = events.filter((e: any) => e.action === row.action);
      expect(mine.map((e: any) => ({ subject_type: e.subject_type, subject_id: e.subject_id === null ? null : Number(e.subject_id) })), JSON.stringify(events)).toContainEqual({
        subject_type: r.subjectType,
        subject_id: r.subjectId,
      });
      // No event the action wrote holds the person's data; details are ids, counts, states and names of fields.
      for (const e of events) {
        expect(JSON.stringify(e), e.action).not.toContain(m);
        const details = JSON.parse(e.details) as Record<string, unknown>;
        for (const [k, v] of Object.entries(details)) {
          for (const x of Array.isArray(v) ? v : [v]) {
            expect(x === null || ['number', 'boolean'].includes(typeof x) || (typeof x === 'string' && /^[a-z0-9_.: -]{0,40}$/i.test(x)), `${e.action}.${k} = ${JSON.stringify(x)}`).toBe(true);
          }
        }
      }
    });
  }
});
