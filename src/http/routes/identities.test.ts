import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';

describeEachDb('identities API', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const identities = async (id: number) =>
    (await t.call('GET', `/api/v2/users/${id}/identities.json`)).body.identities.map((i: { type: string; value: string; primary: boolean }) => [i.type, i.value, i.primary]);

  it('lists, adds (201), shows, updates, makes primary and deletes identities', async () => {
    const id = await t.contact({ email: 'first@example.test' });
    expect(await identities(id)).toEqual([['email', 'first@example.test', true]]);
    const add = await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'email', value: 'second@example.test' } });
    expect(add.status).toBe(201);
    expect(add.body.identity).toMatchObject({ user_id: id, type: 'email', value: 'second@example.test', primary: false, verified: false });
    const iid = add.body.identity.id;
    expect(add.body.identity.url).toMatch(new RegExp(`/api/v2/users/${id}/identities/${iid}\\.json$`));
    const tw = await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'twitter', value: '@annie' } });
    expect(tw.body.identity.primary).toBe(true);

    const shown = await t.call('GET', `/api/v2/users/${id}/identities/${iid}`);
    expect(shown.body.identity.value).toBe('second@example.test');
    const upd = await t.call('PUT', `/api/v2/users/${id}/identities/${iid}`, { identity: { value: 'Second2@example.test', verified: true } });
    expect(upd.body.identity).toMatchObject({ value: 'Second2@example.test', verified: true });

    const mp = await t.call('PUT', `/api/v2/users/${id}/identities/${iid}/make_primary`);
    expect(mp.status).toBe(200);
    expect(mp.body.identities.find((i: { id: number }) => i.id === iid).primary).toBe(true);
    expect((await t.call('GET', `/api/v2/users/${id}`)).body.user.email).toBe('Second2@example.test');

    const del = await t.call('DELETE', `/api/v2/users/${id}/identities/${iid}`);
    expect(del.status).toBe(204);
    // The remaining email becomes primary again.
    expect((await t.call('GET', `/api/v2/users/${id}`)).body.user.email).toBe('first@example.test');
    expect((await t.call('GET', `/api/v2/users/${id}/identities/${iid}`)).status).toBe(404);
  });

  it('refuses an address a live user holds (422), allows one a deleted user released', async () => {
    const a = await t.contact({ email: 'a@example.test' });
    const b = await t.contact({ email: 'b@example.test' });
    const r = await t.call('POST', `/api/v2/users/${b}/identities`, { identity: { type: 'email', value: 'A@EXAMPLE.test' } });
    expect(r.status).toBe(422);
    const dup = await t.call('POST', `/api/v2/users/${b}/identities`, { identity: { type: 'email', value: 'b@example.test' } });
    expect(dup.status).toBe(422);
    const bId = (await t.call('GET', `/api/v2/users/${b}/identities`)).body.identities[0].id;
    const upd = await t.call('PUT', `/api/v2/users/${b}/identities/${bId}`, { identity: { value: 'a@example.test' } });
    expect(upd.status).toBe(422);
    expect(await identities(b)).toEqual([['email', 'b@example.test', true]]);

    await t.call('DELETE', `/api/v2/users/${a}`);
    const ok = await t.call('POST', `/api/v2/users/${b}/identities`, { identity: { type: 'email', value: 'a@example.test' } });
    expect(ok.status).toBe(201);
  });

  it('validates input: 400 without the root key, 422 for bad values', async () => {
    const id = await t.contact();
    expect((await t.call('POST', `/api/v2/users/${id}/identities`, { type: 'email', value: 'x@example.test' })).status).toBe(400);
    expect((await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'fax', value: '1' } })).status).toBe(422);
    expect((await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'email', value: 'nope' } })).status).toBe(422);
    expect((await t.call('POST', `/api/v2/users/${id}/identities`, { identity: { type: 'phone_number', value: '12' } })).status).toBe(422);
    expect((await t.call('GET', `/api/v2/users/${id}/identities`)).body.identities).toHaveLength(1);
    expect((await t.call('GET', '/api/v2/users/99999/identities')).status).toBe(404);
  });

  it('staff cannot lose their last email; end users can', async () => {
    const agent = await t.staff('agent');
    const list = (await t.call('GET', `/api/v2/users/${agent.id}/identities`)).body.identities;
    const r = await t.call('DELETE', `/api/v2/users/${agent.id}/identities/${list[0].id}`);
    expect(r.status).toBe(422);
    expect((await t.call('GET', `/api/v2/users/${agent.id}/identities`)).body.identities).toHaveLength(1);
    const cleared = await t.call('PUT', `/api/v2/users/${agent.id}`, { user: { email: null } });
    expect(cleared.status).toBe(422);

    const contact = await t.contact({ phone: '+44 20 7946 0009' });
    const mine = (await t.call('GET', `/api/v2/users/${contact}/identities`)).body.identities;
    const email = mine.find((i: { type: string }) => i.type === 'email');
    expect((await t.call('DELETE', `/api/v2/users/${contact}/identities/${email.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/users/${contact}`)).body.user.email).toBeNull();
  });

  it('agents cannot change the identities of staff', async () => {
    const agent = await t.staff('agent');
    const r = await t.call('POST', `/api/v2/users/${t.owner.id}/identities`, { identity: { type: 'email', value: 'x2@example.test' } }, agent);
    expect(r.status).toBe(403);
    const contact = await t.contact();
    const ok = await t.call('POST', `/api/v2/users/${contact}/identities`, { identity: { type: 'email', value: 'x3@example.test' } }, agent);
    expect(ok.status).toBe(201);
  });
});
