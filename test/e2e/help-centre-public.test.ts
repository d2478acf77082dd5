import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { insertArticle } from '../factories/hc-community.ts';
import { HcVisitor, signinLinkIn } from '../hc-browser.ts';
import { startServer, type RunningServer } from '../server.ts';
import { startRelay, type Relay } from '../smtp.ts';
import { withServerDb } from '../api-client.ts';

// The public help centre over real HTTP and SMTP (docs/help-centre-community.md): a visitor
// reads; an end user signs in by the link mailed through a real relay, posts with an image,
// comments and votes; the link is used once and never logged; the help-centre session opens
// no API route; the form answers the same for every address and is rate limited.

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describeEachDb('the public help centre', (kind) => {
  let server: RunningServer;
  let relay: Relay;
  let auth: string;
  let articleId: number;
  let topicId: number;
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: auth }) => {
    const r = await fetch(`${server.baseUrl}/api/v2${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    relay = await startRelay();
    // Info level: every request is logged by the real logger, so the check below means something.
    server = await startServer(kind, ['--smtp-port', '0', '--smtp-relay', relay.url, '--support-addresses', 'help@oubli.test'], { OUBLI_LOG_LEVEL: 'info' });
    auth = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    await api('POST', '/users', { user: { name: 'Ada Lind', email: 'ada@example.test' } });
    const sus = await api('POST', '/users', { user: { name: 'Sam Sus', email: 'sam@example.test' } });
    await api('PUT', `/users/${sus.body.user.id}`, { user: { suspended: true } });
    await api('POST', '/users', { user: { name: 'Agent Al', email: 'al@oubli.test', role: 'agent' } });
    topicId = (await api('POST', '/community/topics', { topic: { name: 'Feature requests', description: 'Ideas welcome' } })).body.topic.id;
    const ownerId = (await api('GET', '/users/me')).body.user.id;
    articleId = await withServerDb(server, async (db) => (await insertArticle({ db, at: new Date().toISOString() }, { authorId: ownerId, title: 'Tracking <b>parcels</b>', body: '<p>Open the order page.</p>' })).articleId);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await relay?.close();
  });

  it('a visitor reads categories, sections, articles and search results, escaped, in a locale', async () => {
    const v = new HcVisitor(server.baseUrl);
    const home = await v.get('/hc');
    expect(home.status).toBe(200);
    expect(home.html).toContain('Getting started');
    const cat = /href="(\/hc\/en-us\/categories\/\d+)"/.exec(home.html)![1]!;
    const section = /href="(\/hc\/en-us\/sections\/\d+)"/.exec((await v.get(cat)).html)![1]!;
    const list = await v.get(section);
    expect(list.html).toContain(`/hc/en-us/articles/${articleId}`);
    const a = await v.get(`/hc/en-us/articles/${articleId}`);
    expect(a.status).toBe(200);
    expect(a.html).toContain('Tracking &lt;b&gt;parcels&lt;/b&gt;');
    expect(a.html).toContain('<p>Open the order page.</p>');
    expect(a.html).toContain('Sign in to comment');
    expect((await v.get(`/hc/articles/${articleId}?locale=de`)).status).toBe(200); // falls back to the source locale
    expect((await v.get('/hc/search?query=order+page')).html).toContain(`/articles/${articleId}`);
    expect((await v.get('/hc/search?query=nothing-like-this')).html).toContain('No articles match');
    expect((await v.get('/hc/articles/999999')).status).toBe(404);
    expect((await v.get('/hc/NOT_A_LOCALE!/articles/1')).status).toBe(404);
    const topics = await v.get('/hc/community/topics');
    expect(topics.html).toContain('Feature requests');
    // A visitor cannot write: forms need a signed-in reader.
    const refused = await v.post(`/hc/articles/${articleId}/comments`, { body: 'anonymous' });
    expect(refused.status).toBe(403);
  });

  it('signs in by a mailed one-time link; the same answer for every address; never logged', async () => {
    const v = new HcVisitor(server.baseUrl);
    await v.get('/hc/signin');
    // No CSRF token, no sign-in link.
    expect((await v.post('/hc/signin', { email: 'ada@example.test', _csrf: '' })).status).toBe(403);
    const before = relay.caught.length;
    for (const email of ['nobody@example.test', 'sam@example.test', 'al@oubli.test', 'not an email']) {
      const r = await v.post('/hc/signin', { email });
      expect(r.status).toBe(303);
      expect(r.location).toBe('/hc/signin?sent=1');
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.caught.length).toBe(before);
    const r = await v.post('/hc/signin', { email: 'Ada@Example.test' });
    expect(r.location).toBe('/hc/signin?sent=1');
    const end = Date.now() + 20_000;
    while (relay.caught.length === before && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
    const mail = relay.caught[relay.caught.length - 1]!;
    expect(mail.to).toEqual(['ada@example.test']);
    const link = new URL(signinLinkIn(mail.parsed.text ?? ''));
    const token = link.searchParams.get('token')!;
    // Following the link changes nothing (a mail scanner may fetch it); the button signs in.
    expect((await v.get(link.pathname + link.search)).html).toContain('name="token"');
    expect((await v.get(link.pathname + link.search)).status).toBe(200);
    const done = await v.post('/hc/signin/link', { token });
    expect(done.status).toBe(303);
    expect(v.cookies.get('oubli_hc_session')?.path).toBe('/hc');
    expect((await v.get('/hc')).html).toContain('Signed in as Ada Lind');
    // Once only.
    const other = new HcVisitor(server.baseUrl);
    await other.get(link.pathname + link.search);
    expect((await other.post('/hc/signin/link', { token })).status).toBe(400);
    // The help-centre session opens no API route, whichever cookie it is put in.
    const session = v.cookies.get('oubli_hc_session')!.value;
    expect((await api('GET', '/community/topics', undefined, { cookie: `oubli_hc_session=${session}` })).status).toBe(401);
    expect((await api('GET', '/users', undefined, { cookie: `oubli_hc_session=${session}` })).status).toBe(401);
    expect(server.output()).toContain('/hc/signin/link');
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain(session);
    expect(server.output()).not.toContain('ada@example.test');
    // In the agent app's cookie it is refused too, and removed on sight.
    expect((await api('GET', '/users', undefined, { cookie: `oubli_session=${session}` })).status).toBe(401);
    expect((await v.get('/hc')).html).not.toContain('Signed in as');
    // Signing out ends a session.
    await v.signIn('ada@example.test', relay);
    expect((await v.get('/hc')).html).toContain('Signed in as Ada Lind');
    expect((await v.post('/hc/signout', {})).status).toBe(303);
    expect((await v.get('/hc')).html).not.toContain('Signed in as');
    expect((await v.post(`/hc/articles/${articleId}/comments`, { body: 'after sign-out' })).status).toBe(403);
  });

  it('an end user posts with an image, comments and votes; deleting the post makes the image 404 at once', async () => {
    const v = new HcVisitor(server.baseUrl);
    await v.signIn('ada@example.test', relay);
    await v.get(`/hc/community/posts/new?topic_id=${topicId}`);
    const posted = await v.post('/hc/community/posts', { topic_id: String(topicId), title: 'Dark mode', details: 'Please add <dark> mode.' }, { image: { name: 'shot.png', type: 'image/png', data: PNG } });
    expect(posted.status).toBe(303);
    const postPath = posted.location!;
    const post = await v.get(postPath);
    expect(post.html).toContain('Please add &lt;dark&gt; mode.');
    const img = /<img src="(\/hc\/community_attachments\/\d+\/shot\.png)"/.exec(post.html)![1]!;
    const anon = new HcVisitor(server.baseUrl);
    const got = await fetch(`${server.baseUrl}${img}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await anon.get(postPath)).html).toContain('Dark mode');
    // Comment, vote on the post and on the article.
    expect((await v.post(`${postPath}/comments`, { body: 'Me too' })).status).toBe(303);
    expect((await v.post(`${postPath}/vote`, { value: 'up' })).status).toBe(303);
    expect((await v.post(`/hc/articles/${articleId}/vote`, { value: 'down' })).status).toBe(303);
    expect((await v.post(`/hc/articles/${articleId}/comments`, { body: 'Helpful!' })).status).toBe(303);
    const postId = Number(postPath.split('/').pop());
    expect((await api('GET', `/community/posts/${postId}`)).body.post).toMatchObject({ vote_sum: 1, vote_count: 1, comment_count: 1, title: 'Dark mode' });
    expect((await api('GET', `/help_center/articles/${articleId}/votes`)).body.votes[0].value).toBe(-1);
    // Voting again withdraws (the pressed button).
    expect((await v.get(postPath)).html).toContain('aria-pressed="true"');
    await v.post(`${postPath}/vote`, { value: 'withdraw' });
    expect((await api('GET', `/community/posts/${postId}`)).body.post.vote_count).toBe(0);
    // Someone else cannot delete it; its author can.
    const other = new HcVisitor(server.baseUrl);
    await other.get('/hc');
    expect((await other.post(`${postPath}/delete`, {})).status).toBe(403);
    expect((await v.post(`${postPath}/delete`, {})).status).toBe(303);
    expect((await fetch(`${server.baseUrl}${img}`)).status).toBe(404);
    expect((await v.get(postPath)).status).toBe(404);
  });

  it('the sign-in form is rate limited per address asked for', async () => {
    const v = new HcVisitor(server.baseUrl);
    await v.get('/hc/signin');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await v.post('/hc/signin', { email: 'flood@example.test' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
