import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { startSmtpIn, type SmtpIn } from '../../src/mail/smtp-in.ts';
import { smtpClient } from '../smtp.ts';
import type { TestApp } from '../app.ts';
import { byteForms } from './plant.ts';

// The mail half of the erasure proof (docs/erasure-proof.md) (issue 9, items 4 and 5): a person whose address and
// domain carry the marker takes part in other people's conversations by mail, over the real
// SMTP listener, and is then erased.

const SUPPORT = 'support@oubli.test';

/** A PNG signature followed by bytes that carry the marker: an image whose content names her. */
export function imageOf(m: string): Buffer {
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`tEXtComment photo of ${m}`)]);
}

export interface MailPlant {
  smtp: SmtpIn;
  /** Her address and the domain that carry the marker. */
  address: string;
  userId: number;
  /** Bob's ticket: her reply (From, Message-ID, an inline image) and Bob's reply quoting her id. */
  bobsTicket: number;
  /** Carl's ticket: she is only in Cc of his mail. */
  carlsTicket: number;
  imageId: number;
  /** Her reply's Message-ID, as other people's clients keep it. */
  herMessageId: string;
  send(msg: Record<string, unknown>): Promise<void>;
}

/**
 * Plants the marker in every place her mail can leave it on other people's tickets: her
 * From header (display name and address), her address in the Cc of a third party's mail,
 * her domain in a Message-ID, in another person's References and In-Reply-To and in a
 * Content-ID, and the bytes of an image she sent with a neutral file name.
 */
export async function plantMail(t: TestApp, m: string): Promise<MailPlant> {
  const smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024, supportAddresses: [SUPPORT], notify: true });
  const send = async (msg: Record<string, unknown>) => {
    const client = smtpClient(smtp.port);
    try {
      const info = await client.sendMail({ to: SUPPORT, ...msg });
      expect(info.response).toMatch(/^250/);
    } finally {
      client.close();
    }
  };
  const address = `anna@${m}.test`;
  const herMessageId = `<a1.${m}@mail.${m}.test>`;
  const lastTicket = async () => (await t.store.db.selectFrom('tickets').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

  await send({ from: 'Bob Keeps <bob@keeps.test>', subject: 'Printer', text: 'It broke.', messageId: '<b1@keeps.test>' });
  const bobsTicket = await lastTicket();
  await send({
    from: `"Anna ${m}" <${address}>`,
    subject: 'Re: Printer',
    text: 'Mine too.',
    html: `<p>Mine too, see <img src="cid:img1@${m}.test"></p>`,
    messageId: herMessageId,
    inReplyTo: '<b1@keeps.test>',
    attachments: [{ filename: 'IMG_0001.png', content: imageOf(m), cid: `img1@${m}.test` }],
  });
  await send({ from: 'Bob Keeps <bob@keeps.test>', subject: 'Re: Printer', text: 'Thanks both.', messageId: '<b2@keeps.test>', inReplyTo: herMessageId, references: ['<b1@keeps.test>', herMessageId] });
  await send({ from: 'Carl Third <carl@carl.test>', cc: `"Anna ${m}" <${address}>`, subject: 'Carl asks', text: 'Hello', messageId: '<c1@carl.test>' });
  const carlsTicket = await lastTicket();
  const user = await t.store.db
    .selectFrom('identities')
    .select('user_id')
    .where('value_key', '=', address)
    .executeTakeFirstOrThrow();
  const image = await t.store.db.selectFrom('attachments').select('id').where('ticket_id', '=', bobsTicket).where('file_name', '=', 'IMG_0001.png').executeTakeFirstOrThrow();
  return { smtp, address, userId: user.user_id, bobsTicket, carlsTicket, imageId: image.id, herMessageId, send };
}

/** Delete Forever: soft delete, then DELETE /deleted_users/{id}. */
export async function eraseForever(t: TestApp, p: MailPlant): Promise<void> {
  expect((await t.call('DELETE', `/api/v2/users/${p.userId}`)).status).toBe(200);
  const erased = await t.call('DELETE', `/api/v2/deleted_users/${p.userId}`);
  expect(erased.status, JSON.stringify(erased.body)).toBe(200);
  await t.drainJobs();
}

/** An erasure request: planned, every match confirmed, executed by its job; its final status and certificate. */
export async function eraseByRequest(t: TestApp, p: MailPlant): Promise<{ status: string; certificate: any }> {
  const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: p.userId } });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const id = opened.body.erasure_request.id as number;
  await t.drainJobs();
  expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
  const exec = await t.call('POST', `/api/v2/erasure_requests/${id}/execute`);
  expect(exec.status, JSON.stringify(exec.body)).toBe(200);
  await t.drainJobs();
  const status = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request.status as string;
  return { status, certificate: (await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).body.certificate };
}

/** Occurrences of any form of the marker in the bytes of every file under `dir`, recursively (paths relative to it). */
export function hitsUnder(dir: string, m: string): { file: string; hits: number }[] {
  const forms = byteForms(m);
  const out: { file: string; hits: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const bytes = readFileSync(path);
        let hits = 0;
        for (const f of forms) for (let at = bytes.indexOf(f); at >= 0; at = bytes.indexOf(f, at + 1)) hits++;
        if (hits) out.push({ file: relative(dir, path), hits });
      }
    }
  };
  walk(dir);
  return out;
}

/** The stored messages of a ticket, headers unfolded. */
export async function rawOf(t: TestApp, ticketId: number): Promise<string[]> {
  const rows = await t.store.db.selectFrom('raw_messages').select('data').where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map((r) => Buffer.from(r.data).toString('latin1').replace(/\r?\n[ \t]+/g, ' '));
}
