import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertTicket } from '../../../test/factories/index.ts';

describeEachDb('organizations and groups API', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('does organization CRUD, names unique, deletes for admins only', async () => {
    const agent = await t.staff('agent');
    const c = await t.call('POST', '/api/v2/organizations.json', { organization: { name: 'Acme', domain_names: ['Acme.test'] } }, agent);
    expect(c.status).toBe(201);
    const org = c.body.organization;
    expect(org).toMatchObject({ name: 'Acme', domain_names: ['acme.test'], tags: [], organization_fields: {} });
    expect(org.url).toMatch(new RegExp(`/api/v2/organizations/${org.id}\\.json$`));
    const dup = await t.call('POST', '/api/v2/organizations', { organization: { name: 'ACME' } });
    expect(dup.status).toBe(422);
    expect(Object.keys(dup.body.details)).toEqual(['name']);
    const other = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Other' } })).body.organization;
    const rename = await t.call('PUT', `/api/v2/organizations/${other.id}`, { organization: { name: 'acme' } });
    expect(rename.status).toBe(422);
    expect((await t.call('GET', `/api/v2/organizations/${other.id}`)).body.organization.name).toBe('Other');
    const upd = await t.call('PUT', `/api/v2/organizations/${org.id}`, { organization: { notes: 'big customer' } });
    expect(upd.body.organization).toMatchObject({ name: 'Acme', notes: 'big customer' });
    const many = await t.call('GET', `/api/v2/organizations/show_many?ids=${org.id},${other.id}`);
    expect(many.body.organizations.map((o: { id: number }) => o.id)).toEqual([org.id, other.id]);
    const list = await t.call('GET', '/api/v2/organizations?page[size]=1');
    expect(list.body.organizations).toHaveLength(1);
    expect(list.body.meta.has_more).toBe(true);

    expect((await t.call('DELETE', `/api/v2/organizations/${org.id}`, undefined, agent)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v2/organizations/${org.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/organizations/${org.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/organizations/${org.id}`)).status).toBe(404);
  });

  it('manages organization memberships and the default organization', async () => {
    const o1 = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'One' } })).body.organization.id;
    const o2 = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Two' } })).body.organization.id;
    const u = await t.contact();
    const m1 = await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: o1 } });
    expect(m1.status).toBe(201);
    expect(m1.body.organization_membership).toMatchObject({ user_id: u, organization_id: o1, default: true, organization_name: 'One' });
    const m2 = await t.call('POST', `/api/v2/users/${u}/organization_memberships`, { organization_membership: { organization_id: o2 } });
    expect(m2.body.organization_membership.default).toBe(false);
    const dup = await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: o1 } });
    expect(dup.status).toBe(422);
    const missing = await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: 9999 } });
    expect(missing.status).toBe(422);
    expect((await t.call('GET', `/api/v2/users/${u}`)).body.user.organization_id).toBe(o1);

    const mid2 = m2.body.organization_membership.id;
    const md = await t.call('PUT', `/api/v2/users/${u}/organization_memberships/${mid2}/make_default`);
    expect(md.body.organization_memberships.map((m: { id: number; default: boolean }) => [m.id, m.default])).toEqual([
      [m1.body.organization_membership.id, false],
      [mid2, true],
    ]);
    expect((await t.call('GET', `/api/v2/users/${u}`)).body.user.organization_id).toBe(o2);
    const byOrg = await t.call('GET', `/api/v2/organizations/${o2}/organization_memberships`);
    expect(byOrg.body.organization_memberships.map((m: { user_id: number }) => m.user_id)).toEqual([u]);

    expect((await t.call('DELETE', `/api/v2/users/${u}/organization_memberships/${mid2}`)).status).toBe(204);
    // The remaining membership becomes the default.
    expect((await t.call('GET', `/api/v2/users/${u}`)).body.user.organization_id).toBe(o1);
    const other = await t.contact();
    expect((await t.call('DELETE', `/api/v2/users/${other}/organization_memberships/${m1.body.organization_membership.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/organization_memberships/${m1.body.organization_membership.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/users/${u}`)).body.user.organization_id).toBeNull();
    expect((await t.call('GET', '/api/v2/organization_memberships')).body.organization_memberships).toEqual([]);
  });

  it('removes memberships and ticket links when an organization is deleted', async () => {
    const o = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Gone' } })).body.organization.id;
    const u = await t.contact({ organization_id: o });
    const tk = { id: await insertTicket(t, u, { organization_id: o }) };
    expect((await t.call('DELETE', `/api/v2/organizations/${o}`)).status).toBe(204);
    const row = await t.store.db.selectFrom('tickets').select(['organization_id', 'state']).where('id', '=', tk.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ organization_id: null, state: 'active' });
    expect((await t.call('GET', `/api/v2/users/${u}`)).body.user.organization_id).toBeNull();
  });

  it('does group CRUD and memberships, for admins; end users cannot join', async () => {
    const agent = await t.staff('agent');
    expect((await t.call('POST', '/api/v2/groups', { group: { name: 'Support' } }, agent)).status).toBe(403);
    const g = await t.call('POST', '/api/v2/groups.json', { group: { name: 'Support' } });
    expect(g.status).toBe(201);
    const gid = g.body.group.id;
    expect(g.body.group).toMatchObject({ name: 'Support', deleted: false });
    expect((await t.call('GET', '/api/v2/groups', undefined, agent)).body.groups.map((x: { id: number }) => x.id)).toEqual([gid]);
    const upd = await t.call('PUT', `/api/v2/groups/${gid}`, { group: { description: 'Front line' } });
    expect(upd.body.group.description).toBe('Front line');
    expect((await t.call('PUT', `/api/v2/groups/${gid}`, { group: { name: '' } })).status).toBe(422);

    const m = await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: gid } });
    expect(m.status).toBe(201);
    expect(m.body.group_membership).toMatchObject({ user_id: agent.id, group_id: gid, default: true });
    expect((await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: gid } })).status).toBe(422);
    const contact = await t.contact();
    const eu = await t.call('POST', `/api/v2/users/${contact}/group_memberships`, { group_membership: { group_id: gid } });
    expect(eu.status).toBe(422);
    const mine = await t.call('GET', `/api/v2/users/${agent.id}/group_memberships`);
    expect(mine.body.group_memberships).toHaveLength(1);
    const byGroup = await t.call('GET', `/api/v2/groups/${gid}/memberships`);
    expect(byGroup.body.group_memberships.map((x: { user_id: number }) => x.user_id)).toEqual([agent.id]);

    const g2 = (await t.call('POST', '/api/v2/groups', { group: { name: 'Billing' } })).body.group.id;
    const m2 = (await t.call('POST', `/api/v2/users/${agent.id}/group_memberships`, { group_membership: { group_id: g2 } })).body.group_membership;
    expect(m2.default).toBe(false);
    const md = await t.call('PUT', `/api/v2/users/${agent.id}/group_memberships/${m2.id}/make_default`);
    expect(md.body.group_memberships.map((x: { default: boolean }) => x.default)).toEqual([false, true]);

    expect((await t.call('DELETE', `/api/v2/group_memberships/${m2.id}`, undefined, agent)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v2/group_memberships/${m2.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/group_memberships/${m.body.group_membership.id}`)).body.group_membership.default).toBe(true);
    expect((await t.call('DELETE', `/api/v2/groups/${gid}`)).status).toBe(204);
    expect((await t.call('GET', '/api/v2/group_memberships')).body.group_memberships).toEqual([]);
    expect((await t.call('GET', `/api/v2/groups/${gid}`)).status).toBe(404);
  });

  it('hides the memberships of deleted users until they are restored', async () => {
    const o = (await t.call('POST', '/api/v2/organizations', { organization: { name: 'Org' } })).body.organization.id;
    const g = (await t.call('POST', '/api/v2/groups', { group: { name: 'Grp' } })).body.group.id;
    const agent = await t.staff('agent', { organization_id: o });
    const gm = (await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: g } })).body.group_membership;
    await t.call('DELETE', `/api/v2/users/${agent.id}`);
    expect((await t.call('GET', `/api/v2/organizations/${o}/organization_memberships`)).body.organization_memberships).toEqual([]);
    expect((await t.call('GET', '/api/v2/organization_memberships')).body.count).toBe(0);
    expect((await t.call('GET', `/api/v2/groups/${g}/memberships`)).body.group_memberships).toEqual([]);
    expect((await t.call('GET', `/api/v2/group_memberships/${gm.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/users/${agent.id}/group_memberships`)).status).toBe(404);
    await t.call('PUT', `/api/v2/deleted_users/${agent.id}/restore`);
    expect((await t.call('GET', `/api/v2/organizations/${o}/organization_memberships`)).body.organization_memberships).toHaveLength(1);
    expect((await t.call('GET', `/api/v2/group_memberships/${gm.id}`)).body.group_membership.default).toBe(true);
    expect((await t.call('GET', `/api/v2/users/${agent.id}`)).body.user.organization_id).toBe(o);
  });
});
