import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { allPages, commentText } from '../../../test/reads.ts';

// An identifier of hers that is only in an HTML attribute of someone else's comment — a
// mailto: link, a URL with her address %40-encoded in its query, a tracking image — is in
// html_body and nowhere in plain_body. Planning finds it there, execution removes the link
// target and the image, and verification names comments.html_body when one is left.

const URSULA = { name: 'Ursula Vance', email: 'ursula@example.com' };
const HTML =
  '<p>Please <a href="mailto:ursula@example.com">write to me</a> or see ' +
  '<a href="https://crm.example/u?email=ursula%40example.com">her record</a>.</p>' +
  '<p><img src="https://track.example/open?e=Ursula@Example.com"> Thanks, Bob</p>';

describeEachDb('erasure request: identifiers in HTML attributes', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  async function bobsTicket(html = HTML) {
    const bob = await t.contact({ name: 'Bob Other', email: 'bob@other.test' });
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Contact', requester_id: bob, comment: { html_body: html } } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const ticketId = r.body.ticket.id as number;
    const comments = (await t.call('GET', `/api/v2/tickets/${ticketId}/comments`)).body.comments as any[];
    return { bob, ticketId, commentId: comments[0].id as number };
  }

  async function erase(userId: number) {
    const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.erasure_request.id as number;
    await t.drainJobs();
    const matches = await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches');
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    return { id, matches, request: (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request };
  }

  it('finds her address in an href and an img src, removes them and completes', async () => {
    const ursula = await t.contact(URSULA);
    const { ticketId, commentId } = await bobsTicket();
    const before = (await commentText(t, commentId))!;
    expect(before.plain_body).not.toContain('ursula');
    expect(before.html_body).toContain('mailto:ursula@example.com');

    const { matches, request } = await erase(ursula);
    const onBob = matches.filter((m: any) => m.ticket_id === ticketId);
    expect(onBob).toEqual([expect.objectContaining({ location: 'comment', comment_id: commentId, proposed_action: 'redact', field: 'html_body' })]);
    expect(request.status, JSON.stringify(request.verification)).toBe('completed');

    const after = (await commentText(t, commentId))!;
    expect(after.html_body.toLowerCase()).not.toContain('ursula');
    // The links keep their text and lose their target; the tracking image goes.
    expect(after.html_body).toContain('<a>write to me</a>');
    expect(after.html_body).toContain('<a>her record</a>');
    expect(after.html_body).not.toContain('<img');
    expect(after.plain_body).toBe(before.plain_body);
    expect(after.body).toBe(before.body);
  });

  it('leaves links and images that do not hold her identifiers as they are', async () => {
    const ursula = await t.contact(URSULA);
    const kept = '<p><a href="mailto:bob@other.test">Bob</a> <img src="https://cdn.example/logo.png"></p>';
    const { ticketId, commentId } = await bobsTicket(HTML + kept);
    const { request } = await erase(ursula);
    expect(request.status).toBe('completed');
    const after = (await commentText(t, commentId))!;
    expect(after.html_body).toContain('<a href="mailto:bob@other.test" rel="noopener noreferrer">Bob</a>');
    expect(after.html_body).toContain('<img src="https://cdn.example/logo.png" />');
    expect((await t.call('GET', `/api/v2/tickets/${ticketId}`)).status).toBe(200);
  });

  it('a redaction by an agent of her address takes the links and the image that hold it', async () => {
    const { ticketId, commentId } = await bobsTicket();
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/comments/${commentId}/redact`, { text: 'ursula@example.com' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = (await commentText(t, commentId))!;
    expect(after.html_body.toLowerCase()).not.toContain('ursula');
    expect(after.html_body).toContain('<a>her record</a>');
    expect(after.html_body).not.toContain('<img');
  });

  it('names comments.html_body when her address is left in a link there, and the fix removes it', async () => {
    const ursula = await t.contact(URSULA);
    const bob = await t.contact({ name: 'Bob Other', email: 'bob@other.test' });
    const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: ursula } });
    const id = opened.body.erasure_request.id as number;
    await t.drainJobs();
    // Arrives after planning: no match points at it, so the execution leaves it.
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Later', requester_id: bob, comment: { html_body: HTML } } });
    const commentId = ((await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`)).body.comments as any[])[0].id;
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    let req = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(req.status).toBe('verification_failed');
    expect(req.verification.found).toContainEqual({ store: 'comments.html_body', count: 1, ids: [commentId] });
    expect(JSON.stringify(req.verification)).not.toContain('ursula');

    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/fix`)).status).toBe(200);
    await t.drainJobs();
    req = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(req.status, JSON.stringify(req.verification)).toBe('completed');
    expect((await commentText(t, commentId))!.html_body.toLowerCase()).not.toContain('ursula');
  });
});
