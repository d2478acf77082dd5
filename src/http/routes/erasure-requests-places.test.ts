import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { allPages } from '../../../test/reads.ts';

// An erasure request reaches beyond tickets' text (issue 9, item 5): a ticket's tags and
// custom fields, an organization named after the person (name, notes, details), and the
// profiles of the other members of their organizations. Planted through the API, planned,
// decided, executed by the job; what was confirmed is gone (also from /search), what was
// rejected stays, and a place that changed before execution is skipped and counted.

const MIRA = { name: 'Mira Castellane', email: 'mira.c@castellane.test' };

describeEachDb('erasure requests beyond tickets\' text', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const put = (id: number, body: object) => t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: body });

  async function plant() {
    const mira = await t.contact({ name: MIRA.name, email: MIRA.email });
    const bob = await t.contact({ name: 'Bob Keeps', email: 'bob@keeps.test' });
    const carl = await t.contact({ name: 'Carl Third', email: 'carl@third.test' });
    const ticket = (requester: number, extra: object) =>
      t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer', requester_id: requester, comment: { body: 'It broke.' }, ...extra } });
    const bobs = ok(await ticket(bob, { tags: ['mira_castellane', 'printer'], custom_fields: [{ id: 7, value: 'Call Mira Castellane back' }, { id: 8, value: 'unrelated' }] }), 201).ticket.id;
    // Another Mira Castellane's tag on Carl's ticket: rejected, kept.
    const carls = ok(await ticket(carl, { tags: ['mira_castellane'] }), 201).ticket.id;
    // An organization named after her, and the one she is a member of.
    const named = ok(await t.call('POST', '/api/v2/organizations', { organization: { name: 'Mira Castellane Consulting', notes: 'Ask Mira Castellane about invoices', details: 'Founded by Mira Castellane in 2019' } }), 201).organization.id;
    const acme = ok(await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme', notes: 'A customer' } }), 201).organization.id;
    const pete = ok(
      await t.call('POST', '/api/v2/users', {
        user: { name: 'Pete Peer', email: 'pete@acme.test', notes: 'Works with Mira Castellane', details: `Backup contact: ${MIRA.email}`, user_fields: { buddy: 'Mira Castellane', floor: 3 } },
      }),
      201,
    ).user.id;
    const paula = ok(await t.call('POST', '/api/v2/users', { user: { name: 'Paula Peer', email: 'paula@acme.test', notes: 'Reports to Mira Castellane of accounting' } }), 201).user.id;
    for (const u of [mira, pete, paula]) ok(await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: acme } }), 201);
    return { mira, bobs, carls, named, acme, pete, paula };
  }

  async function planned(userId: number) {
    const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } }), 201).erasure_request.id as number;
    await t.drainJobs();
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('ready');
    return { id, matches: await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches') };
  }

  const where = (m: any) => [m.location, m.ticket_id ?? m.organization_id ?? m.profile_user_id, m.field, m.proposed_action].join(' ');

  it('finds her in tags, custom fields, an organization and her peers\' profiles, each with its action', async () => {
    const p = await plant();
    const { id, matches } = await planned(p.mira);
    const found = matches.filter((m) => ['tag', 'custom_field', 'organization', 'profile'].includes(m.location));
    expect(found.map(where).sort()).toEqual(
      [
        `tag ${p.bobs}  remove_tag`,
        `tag ${p.carls}  remove_tag`,
        `custom_field ${p.bobs} 7 clear_field`,
        `organization ${p.named} name rename_org`,
        `organization ${p.named} notes redact_org_text`,
        `organization ${p.named} details redact_org_text`,
        `profile ${p.pete} notes redact_profile`,
        `profile ${p.pete} details redact_profile`,
        `profile ${p.pete} user_fields.buddy redact_profile`,
        `profile ${p.paula} notes redact_profile`,
      ].sort(),
    );
    expect(found.every((m) => m.decision === 'pending' && m.term_id !== null)).toBe(true);
    expect(found.find((m) => m.location === 'tag' && m.ticket_id === p.bobs).snippet).toBe('mira_castellane');
    expect(found.find((m) => m.location === 'organization' && m.field === 'notes').snippet).toBe('Ask Mira Castellane about invoices');
    // The places outside tickets are listed on their own, and are no ticket group.
    const outside = await allPages(t, `/api/v2/erasure_requests/${id}/matches?ticket_id=none`, 'matches');
    expect(outside.map((m) => m.location).sort()).toEqual(['organization', 'organization', 'organization', 'profile', 'profile', 'profile', 'profile']);
    const groups = await allPages(t, `/api/v2/erasure_requests/${id}/tickets`, 'tickets');
    expect(groups.every((g) => typeof g.ticket_id === 'number')).toBe(true);
    // A second planning pass adds no second match for the same place.
    ok(await put(id, { replan: true }));
    await t.drainJobs();
    expect(await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches')).toHaveLength(matches.length);
  });

  it('carries out what was confirmed, keeps what was rejected, and /search no longer finds her there', async () => {
    const p = await plant();
    const { id, matches } = await planned(p.mira);
    const rejected = matches.filter((m) => (m.location === 'tag' && m.ticket_id === p.carls) || (m.location === 'profile' && m.profile_user_id === p.paula));
    expect(rejected).toHaveLength(2);
    ok(await put(id, { decisions: rejected.map((m) => ({ match_id: m.id, decision: 'reject' })), confirm_all: true }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('completed');
    const cert = ok(await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).certificate;
    expect(cert.counts).toMatchObject({ removed_tags: 1, cleared_fields: 1, redacted_organizations: 1, redacted_profiles: 1, skipped_matches: 0, rejected_matches: 2 });
    expect(cert.verification.passed).toBe(true);
    expect(cert.verification.search_before_erasure).toMatchObject({ hits_outside_rejected: 0, hits_in_rejected: 2 });
    expect(JSON.stringify(cert)).not.toMatch(/castellane/i);

    // Bob's ticket: the tag is off, the field cleared, the other field as it was.
    const bobs = ok(await t.call('GET', `/api/v2/tickets/${p.bobs}`)).ticket;
    expect(bobs.tags).toEqual(['printer']);
    expect(bobs.custom_fields).toEqual([{ id: 7, value: null }, { id: 8, value: 'unrelated' }]);
    // Carl's (rejected) tag stays.
    expect(ok(await t.call('GET', `/api/v2/tickets/${p.carls}`)).ticket.tags).toEqual(['mira_castellane']);
    const org = ok(await t.call('GET', `/api/v2/organizations/${p.named}`)).organization;
    expect(org.name).toBe(`Organization ${p.named}`);
    expect(org.notes).toBe('Ask ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇ about invoices');
    expect(org.details).toBe('Founded by ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇ in 2019');
    const pete = ok(await t.call('GET', `/api/v2/users/${p.pete}`)).user;
    expect(pete.notes).toBe('Works with ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇');
    expect(pete.details).toBe(`Backup contact: ${'▇'.repeat(MIRA.email.length)}`);
    expect(pete.user_fields).toEqual({ buddy: '▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇', floor: 3 });
    expect(ok(await t.call('GET', `/api/v2/users/${p.paula}`)).user.notes).toBe('Reports to Mira Castellane of accounting');

    // Search: the tag only on Carl's ticket, no organization, only Paula (the rejected note).
    const ids = async (q: string) => ok(await t.call('GET', `/api/v2/search?query=${encodeURIComponent(q)}`)).results.map((x: any) => `${x.result_type}:${x.id}`).sort();
    expect(await ids('tags:mira_castellane')).toEqual([`ticket:${p.carls}`]);
    expect(await ids('type:organization castellane')).toEqual([]);
    expect(await ids('type:user castellane')).toEqual([`user:${p.paula}`]);

    // The audit log holds ids, field names and counts only.
    const events = await t.store.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'in', ['ticket.tags_removed', 'ticket.custom_fields_cleared', 'organization.redacted', 'user.profile_redacted']).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['organization.redacted', 'ticket.custom_fields_cleared', 'ticket.tags_removed', 'user.profile_redacted']);
    expect(JSON.stringify(events)).not.toMatch(/castellane|mira/i);
  });

  it('skips cleanly a place that is gone or changed by the time it is carried out, and counts it', async () => {
    const p = await plant();
    const { id } = await planned(p.mira);
    ok(await put(id, { confirm_all: true }));
    // Between the decision and the execution: the tag is removed by hand, the organization
    // deleted, Pete's notes rewritten, the custom field changed.
    ok(await t.call('PUT', `/api/v2/tickets/${p.bobs}`, { ticket: { remove_tags: ['mira_castellane'], custom_fields: [{ id: 7, value: 'Call back' }] } }));
    expect((await t.call('DELETE', `/api/v2/organizations/${p.named}`)).status).toBe(204);
    ok(await t.call('PUT', `/api/v2/users/${p.pete}`, { user: { notes: 'Works alone' } }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('completed');
    const cert = ok(await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).certificate;
    // The tag and the field of Bob's ticket, Pete's notes: skipped. The organization's matches went with it.
    expect(cert.counts).toMatchObject({ skipped_matches: 3, cleared_fields: 0, redacted_organizations: 0 });
    expect(cert.verification.passed).toBe(true);
    expect(ok(await t.call('GET', `/api/v2/users/${p.pete}`)).user).toMatchObject({ notes: 'Works alone', details: `Backup contact: ${'▇'.repeat(MIRA.email.length)}` });
  });

  it('fails verification on a tag, an organization note or a peer\'s profile new since planning, and finishes after planning again', async () => {
    const p = await plant();
    const { id } = await planned(p.mira);
    ok(await put(id, { confirm_all: true }));
    // New since planning: nobody decided about these.
    const dave = await t.contact({ name: 'Dave New', email: 'dave@new.test' });
    ok(await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Later', requester_id: dave, tags: ['for_mira_castellane'], comment: { body: 'Hi' } } }), 201);
    ok(await t.call('PUT', `/api/v2/organizations/${p.acme}`, { organization: { notes: 'Mira Castellane is our contact' } }));
    ok(await t.call('PUT', `/api/v2/users/${p.paula}`, { user: { details: `Mail ${MIRA.email}` } }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    const failed = ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request;
    expect(failed.status).toBe('verification_failed');
    // Still there: the person is not erased, so planning again (the fix) finds the new places.
    expect(ok(await t.call('GET', `/api/v2/users/${p.mira}`)).user.name).toBe(MIRA.name);
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/fix`));
    await t.drainJobs();
    // The fix found the three new places and carried them out (its matches go with the person).
    expect(JSON.stringify(ok(await t.call('GET', `/api/v2/organizations/${p.acme}`)).organization)).not.toContain('Mira Castellane');
    expect(JSON.stringify(ok(await t.call('GET', `/api/v2/users/${p.paula}`)).user)).not.toContain(MIRA.email);
    expect(JSON.stringify(ok(await t.call('GET', `/api/v2/search?query=${encodeURIComponent('tags:for_mira_castellane')}`)).results)).toBe('[]');
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('completed');
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).certificate.verification.passed).toBe(true);
  });
});
