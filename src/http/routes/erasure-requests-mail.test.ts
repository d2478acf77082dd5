import { expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { smtpFixture, SUPPORT } from '../../../test/smtp-fixture.ts';
import { allPages } from '../../../test/reads.ts';

// An erasure request reaches the person's mail (issue 9, item 5): the raw-mail headers of
// the threads they are on, each file they sent on someone else's ticket (its content cannot
// be searched), the CC lists they are on. Mail arrives over real SMTP; the request goes
// through the API and its background job.

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

describeEachDb('erasure requests and mail', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, lastTicket, userByEmail } = f;

  async function plant() {
    await send({ from: 'Bob Keeps <bob@keeps.test>', subject: 'Printer', text: 'It broke.', messageId: '<b1@keeps.test>' });
    const bobs = (await lastTicket()).id;
    await send({
      from: '"Anna Dupont" <anna@dupont.test>',
      subject: 'Re: Printer',
      text: 'Mine too.',
      messageId: '<a1@mail.dupont.test>',
      inReplyTo: '<b1@keeps.test>',
      attachments: [{ filename: 'IMG_0001.png', content: PNG, cid: 'img.1@dupont.test' }],
    });
    await send({ from: 'carl@carl.test', to: SUPPORT, cc: '"Anna Dupont" <anna@dupont.test>', subject: 'Carl asks', text: 'Hello', messageId: '<c1@carl.test>' });
    const carls = (await lastTicket()).id;
    const anna = (await userByEmail('anna@dupont.test'))!.id;
    const photo = (await db().selectFrom('attachments').select('id').where('ticket_id', '=', bobs).executeTakeFirstOrThrow()).id;
    return { bobs, carls, anna, photo };
  }

  async function planned(userId: number) {
    const t = f.t();
    const r = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await t.drainJobs();
    const id = r.body.erasure_request.id as number;
    expect((await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request.status).toBe('ready');
    return { id, matches: await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches') };
  }

  it('proposes her files, lists her CC lists and finds her in the headers of other people\'s mail', async () => {
    const p = await plant();
    const { id, matches } = await planned(p.anna);
    const of = (location: string) => matches.filter((m) => m.location === location);
    // The image she sent on Bob's ticket, with a neutral name: proposed for redaction anyway.
    expect(of('sent_attachment')).toEqual([
      expect.objectContaining({ ticket_id: p.bobs, attachment_id: p.photo, term_id: null, proposed_action: 'redact_attachment', decision: 'pending', snippet: 'IMG_0001.png (image/png, 20 bytes, inline image)' }),
    ]);
    // Carl's ticket, where she was only in Cc: on its CC list, and named by its stored mail.
    expect(of('cc_list')).toEqual([expect.objectContaining({ ticket_id: p.carls, proposed_action: 'remove_cc', decision: 'confirm' })]);
    expect(of('raw_mail').map((m) => m.ticket_id).sort()).toEqual(expect.arrayContaining([p.bobs, p.carls]));
    // Taking her off a CC list cannot be rejected: the erasure does it anyway.
    const cc = of('cc_list')[0];
    const refused = await f.t().call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions: [{ match_id: cc.id, decision: 'reject' }] } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('CC list');
    // A second planning pass adds no second match for the same file or list.
    await f.t().call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { replan: true } });
    await f.t().drainJobs();
    const again = await allPages(f.t(), `/api/v2/erasure_requests/${id}/matches`, 'matches');
    expect(again.filter((m) => m.location === 'sent_attachment' || m.location === 'cc_list')).toHaveLength(2);
  });

  it('carries out what was confirmed, keeps a rejected file, and leaves her in no stored message', async () => {
    const p = await plant();
    // A second file of hers, rejected: the agent judged it not personal.
    await send({ from: 'anna@dupont.test', subject: 'Re: Carl asks', text: 'The manual', inReplyTo: '<c1@carl.test>', attachments: [{ filename: 'manual.pdf', content: 'a product manual' }] });
    const manual = (await db().selectFrom('attachments').select('id').where('ticket_id', '=', p.carls).where('file_name', '=', 'manual.pdf').executeTakeFirstOrThrow()).id;
    const { id, matches } = await planned(p.anna);
    const reject = matches.find((m) => m.attachment_id === manual && m.location === 'sent_attachment');
    expect(reject).toBeDefined();
    const t = f.t();
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions: [{ match_id: reject.id, decision: 'reject' }], confirm_all: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    const done = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(done.status).toBe('completed');
    const cert = (await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).body.certificate;
    expect(cert.counts.redacted_attachments).toBeGreaterThanOrEqual(1);
    // On SQLite the certificate's byte scan found her address nowhere in the files.
    expect(cert.verification.passed).toBe(true);
    if (kind === 'sqlite') expect(cert.verification.byte_scan).toMatchObject({ status: 'clean', hits: 0 });

    const photo = await db().selectFrom('attachments').selectAll().where('id', '=', p.photo).executeTakeFirstOrThrow();
    expect(photo).toMatchObject({ file_name: 'redacted.txt', size: 0 });
    const kept = await db().selectFrom('attachments').selectAll().where('id', '=', manual).executeTakeFirstOrThrow();
    expect(kept.file_name).toBe('manual.pdf');
    expect((await t.call('GET', `/api/v2/tickets/${p.carls}`)).body.ticket.collaborator_ids).toEqual([]);
    const raws = await db().selectFrom('raw_messages').select('data').where('ticket_id', 'in', [p.bobs, p.carls]).execute();
    expect(raws.length).toBe(4);
    for (const r of raws) expect(Buffer.from(r.data).toString('latin1')).not.toMatch(/dupont/i);
    // The CC list's history says she left it; ids only.
    const audits = await db().selectFrom('ticket_audits').select('events').where('ticket_id', '=', p.carls).execute();
    expect(audits.flatMap((a) => JSON.parse(a.events))).toContainEqual({ type: 'Change', field_name: 'collaborator_ids', value: [], previous_value: [p.anna] });
  });
});
