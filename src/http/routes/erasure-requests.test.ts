import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertAttachment, insertComment, insertRawMail, ticketWith } from '../../../test/factories/index.ts';
import { allPages, commentText, countRows, rawMail, ticketRow } from '../../../test/reads.ts';

// Erasure requests through the HTTP API (docs/erasure-requests.md), on both databases:
// the whole flow from the profile's terms to the certificate.

const ANNA = { name: 'Anna Karenina', email: 'anna.k@example.com', phone: '+44 20 7946 0958', alias: 'Annushka' };

describeEachDb('erasure requests', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  async function open(userId: number, extra?: string[]) {
    const r = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId, ...(extra ? { extra_terms: extra } : {}) } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.erasure_request;
  }
  const get = async (id: number) => (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
  const put = (id: number, body: object) => t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: body });

  it('plans, is decided, executes and certifies: the whole flow', async () => {
    const anna = await t.contact({ name: ANNA.name, email: ANNA.email, phone: ANNA.phone, alias: ANNA.alias });
    const other = await t.contact({ name: 'Boris Levin', email: 'boris@example.test' });
    const namesake = await t.contact({ name: 'Olga Petrova', email: 'olga@example.test' });
    // Anna's own tickets: they go with her.
    const own1 = await ticketWith(t, anna, `Hello, I am ${ANNA.name}, my IBAN is GB82 WEST 1234 5698 7654 32 and call +44 7911 123456`);
    const own2 = await ticketWith(t, anna, 'Second question', { status: 'closed' });
    // Someone else's open ticket that names her: redact.
    const mention = await ticketWith(t, other, `My neighbour ${ANNA.name} (${ANNA.email}) said hi`);
    // A closed ticket that names her: delete.
    const closed = await ticketWith(t, other, `Ask annushka about it`, { status: 'closed' });
    // Her name in another ticket's subject, and in an attachment's name.
    const subj = await ticketWith(t, other, 'Nothing personal here', { subject: `Call back ${ANNA.name}` });
    const att = await ticketWith(t, other, 'See the attached scan');
    const attId = await insertAttachment(t, { ticketId: att.ticketId, commentId: att.commentId, name: `passport ${ANNA.name}.pdf`, contentType: 'application/pdf' });
    // Another Anna Karenina, not her: rejected, left untouched.
    const shared = await ticketWith(t, namesake, `My colleague Anna Karenina from accounting`);
    // She replied by mail on someone else's ticket: her name is only in the raw email.
    const replyId = await insertComment(t, mention.ticketId, anna, 'Thanks, sounds good');
    const rawId = await insertRawMail(t, mention.ticketId, replyId, `"${ANNA.name}" <${ANNA.email}>`, 'Thanks, sounds good');

    const created = await open(anna, ['Rue de la Paix 12']);
    expect(created.status).toBe('planning');
    expect(created.received_at).toBe('2026-11-22T10:00:00Z');
    expect(created.due_at).toBe('2026-12-22T10:00:00Z');
    const kinds = created.terms.map((x: any) => `${x.kind}:${x.source}:${x.accepted}`).sort();
    expect(kinds).toEqual(['alias:profile:true', 'email:profile:true', 'name:profile:true', 'phone:profile:true', 'text:added:true'].sort());

    await t.drainJobs();
    let r = await get(created.id);
    expect(r.status).toBe('ready');
    // Suggestions from her own tickets: the IBAN and the second phone number, unaccepted.
    const suggested = r.terms.filter((x: any) => x.source === 'suggested');
    expect(suggested.map((x: any) => x.kind).sort()).toEqual(['iban', 'phone']);
    expect(suggested.every((x: any) => x.accepted === false)).toBe(true);

    const matches = await allPages(t, `/api/v2/erasure_requests/${created.id}/matches`, 'matches');
    const at = (where: object) => matches.filter((m) => Object.entries(where).every(([k, v]) => m[k] === v));
    expect(at({ location: 'requested_ticket' }).map((m) => m.ticket_id).sort()).toEqual([own1.ticketId, own2.ticketId].sort());
    expect(at({ location: 'requested_ticket' }).every((m) => m.proposed_action === 'erase_with_user' && m.decision === 'confirm')).toBe(true);
    const mentionMatches = at({ ticket_id: mention.ticketId, location: 'comment' });
    expect(mentionMatches.map((m) => m.proposed_action)).toEqual(['redact', 'redact']);
    expect(mentionMatches[0].snippet).toContain(ANNA.name);
    expect(at({ ticket_id: closed.ticketId })[0]).toMatchObject({ proposed_action: 'delete_ticket', decision: 'pending' });
    expect(at({ ticket_id: subj.ticketId })[0]).toMatchObject({ location: 'subject', proposed_action: 'redact_subject' });
    expect(at({ ticket_id: att.ticketId })[0]).toMatchObject({ location: 'attachment_name', proposed_action: 'redact_attachment', attachment_id: attId });
    expect(at({ location: 'raw_mail' }).map((m) => m.raw_message_id)).toEqual([rawId, rawId]);
    const namesakeMatch = at({ ticket_id: shared.ticketId });
    expect(namesakeMatch).toHaveLength(1);
    expect(r.match_counts.by_decision.pending).toBe(matches.length - 2);

    // Grouped by ticket.
    const groups = await allPages(t, `/api/v2/erasure_requests/${created.id}/tickets`, 'tickets');
    expect(groups.map((g) => g.ticket_id)).toEqual([...new Set(matches.map((m) => m.ticket_id))].sort((a, b) => a - b));

    // Nothing runs while a match is pending.
    const early = await t.call('POST', `/api/v2/erasure_requests/${created.id}/execute`);
    expect(early.status).toBe(422);
    expect(early.body.details.matches[0].description).toMatch(/still pending/);
    expect((await get(created.id)).status).toBe('ready');

    // The namesake is someone else; everything else is her.
    expect((await put(created.id, { decisions: [{ match_id: namesakeMatch[0].id, decision: 'reject' }] })).status).toBe(200);
    r = (await put(created.id, { confirm_all: true })).body.erasure_request;
    expect(r.match_counts.by_decision).toEqual({ pending: 0, confirm: matches.length - 1, reject: 1 });

    const exec = await t.call('POST', `/api/v2/erasure_requests/${created.id}/execute`);
    expect(exec.status).toBe(200);
    expect(exec.body.job_status.job_type).toBe('erasure_request_execute');
    expect((await get(created.id)).status).toBe('executing');
    await t.drainJobs();
    r = await get(created.id);
    expect(r.status, JSON.stringify(r)).toBe('completed');
    expect(r.terms).toEqual([]);
    expect(r.match_counts.total).toBe(0);

    // Third parties' data: the strings are gone, the rest stays.
    const m = await commentText(t, mention.commentId);
    expect(m!.plain_body).toBe(`My neighbour ${'▇'.repeat(ANNA.name.length)} (${'▇'.repeat(ANNA.email.length)}) said hi`);
    expect(m!.html_body).not.toContain('Anna');
    expect(await rawMail(t, rawId)).not.toContain('Karenina');
    expect((await commentText(t, replyId))!.plain_body).toBe('Thanks, sounds good');
    expect((await ticketRow(t, closed.ticketId))!.state).toBe('erased');
    expect((await ticketRow(t, subj.ticketId))!.subject).toBe(`Call back ${'▇'.repeat(ANNA.name.length)}`);
    expect((await ticketRow(t, subj.ticketId))!.state).toBe('active');
    const a = await t.store.db.selectFrom('attachments').select(['file_name', 'size']).where('id', '=', attId).executeTakeFirst();
    expect(a).toEqual({ file_name: 'redacted.txt', size: 0 });
    // The namesake's ticket is untouched.
    expect((await commentText(t, shared.commentId))!.plain_body).toBe('My colleague Anna Karenina from accounting');
    // Her own tickets are tombstones and she is the stub.
    expect((await ticketRow(t, own1.ticketId))!.state).toBe('erased');
    expect((await ticketRow(t, own2.ticketId))!.state).toBe('erased');
    const stub = await t.store.db.selectFrom('users').selectAll().where('id', '=', anna).executeTakeFirst();
    expect(stub!.name).toBe('Permanently Deleted User');
    expect(stub!.erased_at).not.toBeNull();
    expect(await countRows(t, 'erasure_request_terms')).toBe(0);
    expect(await countRows(t, 'erasure_request_matches')).toBe(0);

    const cert = await t.call('GET', `/api/v2/erasure_requests/${created.id}/certificate`);
    expect(cert.status).toBe(200);
    const c = cert.body.certificate;
    expect(c).toMatchObject({ request_id: created.id, user_id: anna, actor_id: t.owner.id, received_at: '2026-11-22T10:00:00Z', completed_in_time: true });
    expect(c.counts).toMatchObject({ redacted_comments: 2, redacted_attachments: 1, redacted_subjects: 1, erased_tickets: 1, erased_requested_tickets: 2, rejected_matches: 1 });
    expect(c.verification).toMatchObject({
      search_before_erasure: { hits_outside_rejected: 0, hits_in_rejected: 1 },
      search_after_erasure: { hits: 1, unexplained_hits: 0 },
      user_erased: true,
      requested_tickets_left: 0,
      identities_left: 0,
      request_data_left: 0,
      passed: true,
    });
    if (kind === 'sqlite') expect(c.verification.byte_scan).toMatchObject({ status: 'clean', hits: 0 });
    // No personal data in the certificate, nor in the audit log.
    const text = JSON.stringify(cert.body);
    for (const term of [ANNA.name, 'Anna', 'Karenina', ANNA.email, ANNA.phone, '7946', ANNA.alias, 'Rue de la Paix', 'GB82']) expect(text).not.toContain(term);
    const events = JSON.stringify(await t.store.db.selectFrom('audit_events').selectAll().execute());
    for (const term of ['Karenina', ANNA.email, 'Annushka', 'Rue de la Paix']) expect(events).not.toContain(term);
  });
});
