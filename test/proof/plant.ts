import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startSmtpIn } from '../../src/mail/smtp-in.ts';
import { smtpClient } from '../smtp.ts';
import type { TestApp } from '../app.ts';
import { postUpload } from '../factories/index.ts';

// The erasure proof (docs/erasure-proof.md), the planting half: a unique marker put everywhere a person's data can
// go, through the real paths (HTTP API, SMTP), so the proof covers what production writes.

/**
 * A marker no other word in the database starts with (FTS5 stores a term as the suffix it
 * does not share with the term before it, so a shared prefix would hide it from a scan).
 */
export function newMarker(): string {
  return `qqzv${randomBytes(8).toString('hex')}`;
}

export interface Planted {
  userId: number;
  otherTicketId: number;
  otherCommentId: number;
}

const SUPPORT = 'support@oubli.test';

/** Plants the marker in every place a contact's data can go; returns where. */
export async function plantEverywhere(t: TestApp, m: string): Promise<Planted> {
  const ok = (r: { status: number; body: unknown }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body as any;
  };
  // Profile: name, alias, notes, details, custom fields, tags; identities of every kind.
  const user = ok(
    await t.call('POST', '/api/v2/users', {
      user: {
        name: `Anna ${m}`,
        email: `${m}@example.test`,
        alias: `alias${m}`,
        notes: `notes ${m}`,
        details: `details ${m}`,
        user_fields: { home: `home ${m}` },
        tags: [`tag${m}`],
      },
    }),
    201,
  ).user;
  const uid = user.id as number;
  ok(await t.call('POST', `/api/v2/users/${uid}/identities`, { identity: { type: 'twitter', value: `tw${m}` } }), 201);
  ok(await t.call('POST', `/api/v2/users/${uid}/identities`, { identity: { type: 'email', value: `second.${m}@example.test` } }), 201);

  // A ticket through the API: subject, a comment in HTML (three stored forms), an
  // attachment whose name and bytes carry the marker.
  const { token } = await postUpload(t, `${m}.pdf`, `%PDF-1.4 scan of the passport of ${m} %%EOF`);
  ok(
    await t.call('POST', '/api/v2/tickets', {
      ticket: {
        subject: `Subject ${m}`,
        requester_id: uid,
        tags: [`ticket${m}`],
        comment: { html_body: `<p>My name is <b>${m}</b>, reach me at ${m}@example.test</p>`, author_id: uid, uploads: [token] },
      },
    }),
    201,
  );

  // Mail through the SMTP listener: the raw message (headers, a quoted-printable text part,
  // an HTML part, an attachment), the ticket and comment it becomes.
  const smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024, supportAddresses: [SUPPORT], notify: true });
  try {
    const client = smtpClient(smtp.port);
    const info = await client.sendMail({
      from: `"Anna ${m}" <${m}@example.test>`,
      to: SUPPORT,
      subject: `Mail subject ${m}`,
      text: `Hello, this is ${m} writing. Ünïcødé text forces an encoding.`,
      html: `<p>Hello, this is <i>${m}</i> writing.</p>`,
      textEncoding: 'quoted-printable',
      attachments: [{ filename: `mail-${m}.txt`, content: `attached words ${m}` }],
    });
    client.close();
    expect(info.response).toMatch(/^250/);
  } finally {
    await smtp.close();
  }

  // Their comment on someone else's ticket, as a CC: it stays after the erasure (by the
  // stub), so the marker is redacted from it first, as the erasure-request workflow orders (docs/erasure-requests.md).
  const bob = await t.contact({ name: 'Bob Keeps', email: 'bob.keeps@example.test' });
  const other = ok(
    await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Bob asks', requester_id: bob, collaborator_ids: [uid], comment: { body: 'Bob here' } } }),
    201,
  ).ticket;
  ok(await t.call('PUT', `/api/v2/tickets/${other.id}`, { ticket: { comment: { body: `Chiming in: I am ${m}.`, author_id: uid } } }));
  const comments = ok(await t.call('GET', `/api/v2/tickets/${other.id}/comments`)).comments as { id: number; author_id: number }[];
  const theirs = comments.find((c) => c.author_id === uid)!;

  // The search index holds it (found by every kind of search).
  expect(ok(await t.call('GET', `/api/v2/search/count?query=${m}`)).count).toBeGreaterThanOrEqual(3);
  expect(ok(await t.call('GET', `/api/v2/users/search?query=${m}`)).users.map((u: { id: number }) => u.id)).toEqual([uid]);
  return { userId: uid, otherTicketId: other.id, otherCommentId: theirs.id };
}

/** Removes the person the way docs/redaction.md orders: redact what stays, soft delete, erase. */
export async function eraseThroughApi(t: TestApp, m: string, p: Planted): Promise<void> {
  const redact = await t.call('PUT', `/api/v2/tickets/${p.otherTicketId}/comments/${p.otherCommentId}/redact`, { text: m });
  expect(redact.status).toBe(200);
  expect((await t.call('DELETE', `/api/v2/users/${p.userId}`)).status).toBe(200);
  const erased = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`);
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  expect(erased.body.deleted_user).toMatchObject({ id: p.userId, name: 'Permanently Deleted User', email: null });
  await t.drainJobs();
}

/** The marker as it could sit in a file: as is, and base64-encoded at each of the three alignments. */
export function byteForms(m: string): Buffer[] {
  const forms = [Buffer.from(m)];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift, 0x20), Buffer.from(m)]).toString('base64');
    // Drop the characters that also depend on the neighbouring bytes.
    forms.push(Buffer.from(b64.slice(Math.ceil((shift * 4) / 3) + 1, -4)));
  }
  return forms;
}

/** Occurrences of any form of the marker in the raw bytes of every file in the directory. */
export function hitsOnDisk(dir: string, m: string): { file: string; hits: number }[] {
  const out: { file: string; hits: number }[] = [];
  const forms = byteForms(m);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    let hits = 0;
    for (const f of forms) for (let at = bytes.indexOf(f); at >= 0; at = bytes.indexOf(f, at + 1)) hits++;
    if (hits) out.push({ file: name, hits });
  }
  return out;
}
