import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { eraseByRequest } from './erase-by-request.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Erasure you can prove beyond tickets' text (issue 9, item 5; docs/erasure-proof.md): a unique marker
// that names the person is planted in a tag and a custom field of someone else's ticket, in
// an organization's name, notes and details, and in the notes and a custom field of another
// member of her organization. After an erasure request (every match confirmed), no byte of
// any file of the SQLite data directory and no column of any PostgreSQL table holds it.
// Negative control for each place: when the agent rejects that place's match, the marker is
// found there afterwards, in the column and (SQLite) in the files.

interface Plant {
  userId: number;
  ticketId: number;
  orgId: number;
  peerId: number;
}

async function plant(t: TestApp, m: string): Promise<Plant> {
  const ok = (r: { status: number; body: any }, status = 201) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const userId = await t.contact({ name: 'Anna Marker', email: 'anna.marker@example.test' });
  const bob = await t.contact({ name: 'Bob Keeps', email: 'bob@keeps.test' });
  const ticketId = ok(
    await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer', requester_id: bob, tags: [`for_${m}`], custom_fields: [{ id: 7, value: `ref ${m}` }], comment: { body: 'It broke.' } } }),
  ).ticket.id;
  const orgId = ok(await t.call('POST', '/api/v2/organizations', { organization: { name: `${m} Consulting`, notes: `notes ${m}`, details: `details ${m}` } })).organization.id;
  const peerId = ok(await t.call('POST', '/api/v2/users', { user: { name: 'Pete Peer', email: 'pete@peer.test', notes: `works with ${m}`, user_fields: { buddy: m } } })).user.id;
  for (const u of [userId, peerId]) ok(await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: u, organization_id: orgId } }));
  return { userId, ticketId, orgId, peerId };
}

/** Each place, the match that covers it, and the column the marker stays in when that match is rejected. */
const PLACES: { place: string; match: (x: any, p: Plant) => boolean; column: string }[] = [
  { place: 'a tag of Bob\'s ticket', match: (x, p) => x.location === 'tag' && x.ticket_id === p.ticketId, column: 'ticket_tags.tag' },
  { place: 'a custom field of Bob\'s ticket', match: (x, p) => x.location === 'custom_field' && x.ticket_id === p.ticketId, column: 'tickets.custom_fields' },
  { place: 'the organization\'s name', match: (x) => x.location === 'organization' && x.field === 'name', column: 'organizations.name' },
  { place: 'the organization\'s notes', match: (x) => x.location === 'organization' && x.field === 'notes', column: 'organizations.notes' },
  { place: 'the organization\'s details', match: (x) => x.location === 'organization' && x.field === 'details', column: 'organizations.details' },
  { place: 'the notes of another member', match: (x, p) => x.location === 'profile' && x.profile_user_id === p.peerId && x.field === 'notes', column: 'users.notes' },
  { place: 'a custom field of another member', match: (x, p) => x.location === 'profile' && x.profile_user_id === p.peerId && x.field === 'user_fields.buddy', column: 'users.user_fields' },
];

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`an erasure request reaches tags, fields, organizations and peers [${kind}]`, () => {
    let t: TestApp;
    let m: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      m = newMarker();
    });
    afterEach(() => t.close());

    const columns = () => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, m);
    // The test checkpoints nothing and SQLite's automatic checkpoint is off: the log is
    // scanned as it is, so what empties it is the product's checkpoint after the erasure.
    const files = async () => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, m) : []);

    it('leaves the marker in no file and no row once every match is confirmed', async () => {
      const p = await plant(t, m);
      expect(await columns()).toEqual(expect.arrayContaining(PLACES.map((x) => x.column)));
      if (kind === 'sqlite') expect((await files()).map((h) => h.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db/)]));
      const r = await eraseByRequest(t, p.userId, m, () => false);
      for (const x of PLACES) expect(r.matches.filter((y: any) => x.match(y, p)), x.place).toHaveLength(1);
      expect(r.status).toBe('completed');
      expect(r.certificate.verification.passed).toBe(true);
      expect(await columns()).toEqual([]);
      expect(await files()).toEqual([]);
    });

    for (const x of PLACES) {
      it(`finds the marker in ${x.place} when that match is rejected`, async () => {
        const p = await plant(t, m);
        const r = await eraseByRequest(t, p.userId, m, (y) => x.match(y, p));
        expect(r.status).toBe('completed');
        expect(await columns()).toEqual([x.column]);
        if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
      });
    }
  });
}
