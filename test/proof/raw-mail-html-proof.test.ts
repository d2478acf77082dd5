import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpIn, type SmtpIn } from '../../src/mail/smtp-in.ts';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { smtpClient } from '../smtp.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Erasure you can prove in a stored raw email's HTML (docs/erasure-proof.md, docs/redaction.md):
// Bob mails in, over the real SMTP listener, an HTML part (quoted-printable) in which her
// address, a unique marker, is only percent-encoded in a link's URL and an image's URL. The
// erasure request completes — the byte scan, which looks for `%40` forms, finds nothing in
// raw_messages — and no file or column holds her marker. Negative control: another person's
// encoded address in the same mail stays in the raw message.

const SUPPORT = 'support@oubli.test';

const ok = (r: { status: number; body: any }, status = 201) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

// Non-ASCII text makes the part quoted-printable. One tag a line, so quoted-printable's soft line breaks never cut a marker in two.
const links = (local: string) =>
  `<a href="https://c.example/?e=${local}%40marker.test">record</a>\n<img src="https://t.example/?u=${local}%40marker.test">\n`;

async function plant(t: TestApp, smtp: SmtpIn, m: string, control: string) {
  const userId = await t.contact({ name: 'Anna Marker', email: `${m}@marker.test` });
  await t.contact({ name: 'Carl Control', email: `${control}@marker.test` });
  const client = smtpClient(smtp.port);
  try {
    const info = await client.sendMail({
      from: 'Bob Keeps <bob@keeps.test>',
      to: SUPPORT,
      subject: 'Contacts',
      text: 'See the records.',
      html: `<p>Grüße. Anna:\n${links(m)}</p>\n<p>Carl:\n${links(control)}</p>\n`,
      textEncoding: 'quoted-printable',
    });
    expect(info.response).toMatch(/^250/);
  } finally {
    client.close();
  }
  return userId;
}

async function eraseByRequest(t: TestApp, userId: number) {
  const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } })).erasure_request.id as number;
  await t.drainJobs();
  const matches = (await t.call('GET', `/api/v2/erasure_requests/${id}/matches?page[size]=100`)).body.matches as any[];
  ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions: [], confirm_all: true } }), 200);
  ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`), 200);
  await t.drainJobs();
  return { matches, request: (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request };
}

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`an erasure request reaches links and images of a stored raw email's HTML [${kind}]`, () => {
    let t: TestApp;
    let smtp: SmtpIn;
    let m: string;
    let control: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024, supportAddresses: [SUPPORT], notify: true });
      m = newMarker();
      control = newMarker();
    });
    afterEach(async () => {
      await smtp.close();
      await t.close();
    });

    const columns = (marker: string) => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, marker);
    const files = async (marker: string) => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, marker) : []);
    const rawMail = async () => {
      const rows = await t.store.db.selectFrom('raw_messages').select('data').execute();
      expect(rows).toHaveLength(1);
      return Buffer.from(rows[0]!.data as Uint8Array).toString('latin1');
    };

    it("completes, and the raw message loses her encoded address in the link and the image; the other person's stays", async () => {
      const userId = await plant(t, smtp, m, control);
      const before = await rawMail();
      expect(before).toContain(`${m}%40marker.test`);
      expect(before).toContain('quoted-printable');
      expect(await columns(m)).toEqual(expect.arrayContaining(['comments.html_body', 'raw_messages.data']));

      const { matches, request } = await eraseByRequest(t, userId);
      expect(matches.filter((x) => x.location === 'comment' && x.field === 'html_body')).toHaveLength(1);
      expect(request.status, JSON.stringify(request.verification)).toBe('completed');

      const after = await rawMail();
      expect(after).not.toContain(m);
      expect(after.toLowerCase()).not.toContain(`${m}@marker.test`);
      // Her link keeps its text without its target; her image is gone; Carl's both stay.
      expect(after).toContain(`${control}%40marker.test`);
      expect(after.split('<img').length - 1).toBe(1);
      expect(after).toMatch(/Anna:\s*<a>record<\/a>/);
      expect(await columns(m)).toEqual([]);
      expect(await files(m)).toEqual([]);
      expect(await columns(control)).toEqual(expect.arrayContaining(['comments.html_body', 'raw_messages.data']));
      if (kind === 'sqlite') expect((await files(control)).length).toBeGreaterThan(0);
    });
  });
}
