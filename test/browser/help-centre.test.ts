import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn } from './helpers.ts';
import { startRelay, type Relay } from '../smtp.ts';

// The help centre end to end (docs/web.md "The help centre", issue 13), in Chromium against
// the real server: an admin creates a category and a section, writes and publishes an article
// with an image uploaded from a file, edits it twice, and compares the first text with the
// current one side by side; a visitor without an account reads it on /hc with its image; an
// end user signs in to /hc by an emailed link and posts in the community, and the admin sees
// the post in the moderation view and deletes it; the admin archives the article and deletes
// it forever, and the article, its public page and its image
// then answer 404. The new pages pass axe (WCAG 2.1 A and AA) with no serious or critical
// violation; an agent (not an admin) sees no Archive button and no admin tabs.

// A 2×2 red PNG, given to the page's file chooser as a file.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==',
  'base64',
);
const AGENT_PASSWORD = 'agent password for tests';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact as Impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

describeEachDb('the help centre in the agent app, in Chromium', (kind) => {
  let server: RunningServer;
  let relay: Relay;
  let browser: Browser;
  let admin: Page;
  let adminErrors: string[];
  let articleId = 0;
  let imagePath = '';
  const agentEmail = 'winnie@writers.test';

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer(kind);
    await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
    const a = await ownerApi(server, 'POST', '/users', { user: { name: 'Winnie Writer', email: agentEmail, role: 'agent' } });
    expect(a.status).toBe(201);
    await setPasswordByCli(server, agentEmail, AGENT_PASSWORD);
    // The end user's sign-in link comes by mail.
    relay = await startRelay();
    expect((await ownerApi(server, 'PUT', '/account/settings', { settings: { smtp_relay: relay.url } })).status).toBe(200);
    browser = await launchChromium();
    const c = await newContext(browser, server);
    admin = c.page;
    adminErrors = c.errors;
    await signIn(admin, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await relay?.close();
  });

  const editor = (p: Page) => p.getByRole('textbox', { name: 'Body' });
  const saved = (p: Page, text: RegExp) => p.locator('.toast').filter({ hasText: text }).first().waitFor();

  it('lets an admin create a category and a section, and write and publish an article with an image', async () => {
    const p = admin;
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help centre' }).click();
    await p.getByRole('heading', { name: 'Help centre', level: 1 }).waitFor();

    await p.getByRole('button', { name: 'New category' }).click();
    await p.getByLabel('Category name').fill('Getting started');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByRole('button', { name: 'New section in Getting started' }).click();
    await p.getByLabel('Section name').fill('Your account');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByRole('heading', { name: 'Articles in Your account' }).waitFor();
    // A rename is a save of the category's translation.
    await p.getByRole('button', { name: 'Rename category Getting started' }).click();
    await p.getByLabel('Category name').fill('First steps');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByText('First steps', { exact: true }).waitFor();

    await p.getByRole('link', { name: 'New article' }).click();
    await p.getByRole('heading', { name: 'New article' }).waitFor();
    await p.getByLabel('Title').fill('Resetting your password');
    await editor(p).click();
    // The toolbar from the keyboard: a heading, then text.
    await p.keyboard.press('Control+Alt+2');
    await p.keyboard.type('Forgot it?');
    await p.keyboard.press('Enter');
    await p.keyboard.type('Open the sign-in page and choose ');
    await p.keyboard.press('Control+B');
    await p.keyboard.type('Forgot password');
    await p.keyboard.press('Control+B');
    await p.keyboard.type('.');
    await p.keyboard.press('Enter');
    const toolbar = p.getByRole('toolbar', { name: 'Formatting' });
    expect(await toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false');
    const chooser = p.waitForEvent('filechooser');
    await toolbar.getByRole('button', { name: 'Insert image' }).click();
    await (await chooser).setFiles({ name: 'sign-in-page.png', mimeType: 'image/png', buffer: PNG });
    await editor(p).locator('img[alt="sign-in-page"]').waitFor();
    await p.getByLabel('Labels').fill('password, account');
    await p.getByLabel('Published').check();
    await shot(p, 'hc-new-article');
    await p.getByRole('button', { name: 'Save and publish' }).click();
    await p.waitForURL(/\/help-centre\/articles\/\d+/);
    articleId = Number(/articles\/(\d+)/.exec(p.url())![1]);
    await p.getByRole('heading', { name: 'Edit article' }).waitFor();

    const a = await ownerApi(server, 'GET', `/help_center/articles/${articleId}`);
    expect(a.status).toBe(200);
    expect(a.body.article).toMatchObject({ title: 'Resetting your password', draft: false, section_id: expect.any(Number) });
    expect([...a.body.article.label_names].sort()).toEqual(['account', 'password']);
    expect(a.body.article.body).toMatch(/<h2>Forgot it\?<\/h2>/);
    expect(a.body.article.body).toMatch(/<strong>Forgot password<\/strong>/);
    imagePath = /src="(\/hc\/article_attachments\/\d+\/[^"]+)"/.exec(a.body.article.body)?.[1] ?? '';
    expect(imagePath).not.toBe('');
    // The upload belongs to the article now.
    const files = await ownerApi(server, 'GET', `/help_center/articles/${articleId}/attachments`);
    expect(files.body.article_attachments.map((f: { content_url: string }) => new URL(f.content_url, server.baseUrl).pathname)).toContain(imagePath);

    // The article is listed in its section, published, with its labels.
    await p.getByRole('link', { name: /Back to Your account/ }).click();
    const row = p.getByRole('row', { name: /Resetting your password/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Published.*account|Published.*password/);
    await p.goBack();
  }, 120_000);

  it('edits the article twice, and shows the first text beside the current one with the differences marked', async () => {
    const p = admin;
    await p.goto(`/help-centre/articles/${articleId}`);
    await editor(p).getByText('Forgot it?').waitFor();
    // First edit: a sentence more.
    await editor(p).getByText('Forgot password').click();
    await p.keyboard.press('End');
    await p.keyboard.type(' Then check your email.');
    await p.getByRole('button', { name: 'Save and publish' }).click();
    await saved(p, /Saved and published/);
    // Second edit: the title.
    await p.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await p.getByLabel('Title').fill('Reset your password');
    await p.getByRole('button', { name: 'Save and publish' }).click();
    await p.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await expect.poll(async () => (await ownerApi(server, 'GET', `/help_center/articles/${articleId}`)).body.article.title).toBe('Reset your password');

    const revs = await ownerApi(server, 'GET', `/help_center/articles/${articleId}/revisions?locale=en-us`);
    expect(revs.status).toBe(200);
    expect(revs.body.revisions).toHaveLength(2);

    await p.getByRole('link', { name: 'Revisions' }).click();
    await p.getByRole('heading', { name: 'Revisions', level: 1 }).waitFor();
    await p.getByRole('navigation', { name: 'Revisions' }).getByRole('button', { name: /^Revision 1:/ }).click();
    const before = p.getByTestId('revision-before');
    const after = p.getByTestId('revision-after');
    await after.locator('ins').first().waitFor();
    expect(await after.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/check/)]));
    expect((await after.locator('ins').allTextContents()).join(' ')).toMatch(/Then check your email\./);
    expect(await before.locator('del').count()).toBe(0);
    // The title: "Resetting" struck through on the left, "Reset" added on the right.
    expect(await p.locator('.hc-compare__side').first().locator('.hc-compare__title del').allTextContents()).toEqual(['Resetting']);
    expect(await p.locator('.hc-compare__side').nth(1).locator('.hc-compare__title ins').allTextContents()).toEqual(['Reset']);
    // Both sides show the article's own image, sanitized but kept.
    expect(await before.locator(`img[src="${imagePath}"]`).count()).toBe(1);
    expect(await after.locator(`img[src="${imagePath}"]`).count()).toBe(1);
    await p.getByRole('status').filter({ hasText: /words? removed, \d+ added/ }).waitFor();
    await shot(p, 'hc-revisions-side-by-side', { fullPage: true });

    // The newest revision against the current text: only the title differs.
    await p.getByRole('navigation', { name: 'Revisions' }).getByRole('button', { name: /^Revision 2:/ }).click();
    await expect.poll(() => after.locator('ins').count()).toBe(0);
  }, 120_000);

  it('shows the published article to a visitor on /hc, with its image', async () => {
    const view = await admin.getByRole('link', { name: 'Back to the article' }).click().then(() => admin.getByRole('link', { name: 'View in help centre' }).getAttribute('href'));
    expect(view).toBe(`/hc/articles/${articleId}`);
    const { context, page } = await newContext(browser, server);
    try {
      const res = await page.goto(view!);
      expect(res?.status()).toBe(200);
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await page.getByText('Then check your email.').waitFor();
      const img = page.locator(`img[src$="${imagePath.split('/').slice(-2).join('/')}"]`).first();
      await img.waitFor();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBe(2);
      await shot(page, 'hc-public-article');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('lets an end user sign in to /hc by an emailed link and post in the community; the admin sees the post and deletes it', async () => {
    const topic = await ownerApi(server, 'POST', '/community/topics', { topic: { name: 'Ideas', description: 'What would make it better' } });
    expect(topic.status).toBe(201);
    const enduser = 'erin@customers.test';
    expect((await ownerApi(server, 'POST', '/users', { user: { name: 'Erin Enduser', email: enduser } })).status).toBe(201);

    const { context, page } = await newContext(browser, server);
    let postId = 0;
    try {
      await page.goto('/hc/signin');
      await page.getByLabel('Email').fill(enduser);
      await page.getByRole('button', { name: 'Mail me a sign-in link' }).click();
      await page.getByRole('status').filter({ hasText: 'a sign-in link is on its way' }).waitFor();
      await expect.poll(() => relay.caught.filter((m) => m.to.includes(enduser)).length, { timeout: 10_000 }).toBe(1);
      const text = relay.caught.find((m) => m.to.includes(enduser))!.parsed.text ?? '';
      const link = /https?:\/\/\S+\/hc\/signin\/link\?token=\S+/.exec(text)?.[0];
      expect(link).toBeTruthy();
      await page.goto(link!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/hc$/);

      await page.goto(`/hc/community/topics/${topic.body.topic.id}`);
      await page.getByRole('link', { name: 'New post' }).click();
      await page.getByLabel('Title').fill('Dark mode for the help centre');
      await page.getByLabel('Details').fill('Reading at night would be easier.');
      await page.getByRole('button', { name: 'Post' }).click();
      await page.waitForURL(/\/hc\/community\/posts\/\d+/);
      postId = Number(/posts\/(\d+)/.exec(page.url())![1]);
      await page.getByRole('heading', { name: 'Dark mode for the help centre' }).waitFor();
      await shot(page, 'hc-community-post');
    } finally {
      await context.close();
    }

    // The admin's moderation view lists it; deleting it (after the question) removes it.
    const p = admin;
    await p.goto('/help-centre');
    await p.getByRole('tab', { name: 'Community' }).or(p.getByRole('link', { name: 'Community', exact: true })).first().click();
    await p.getByRole('heading', { name: 'Community posts' }).waitFor();
    await p.getByRole('link', { name: 'Dark mode for the help centre' }).waitFor();
    await p.getByRole('button', { name: 'Delete post Dark mode for the help centre' }).click();
    await p.getByRole('dialog', { name: 'Delete this post?' }).getByRole('button', { name: 'Delete post' }).click();
    await p.getByText('No posts yet.').waitFor();
    expect((await ownerApi(server, 'GET', `/community/posts/${postId}`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/hc/community/posts/${postId}`)).status).toBe(404);
  }, 90_000);

  it('adds a French translation and switches between locales, and redacts a string from every translation and revision', async () => {
    const p = admin;
    await p.goto(`/help-centre/articles/${articleId}`);
    await p.getByRole('heading', { name: 'Edit article' }).waitFor();
    await p.getByLabel('Add translation').fill('fr');
    await p.getByRole('button', { name: 'Add', exact: true }).click();
    await p.waitForURL(/locale=fr/);
    await p.getByRole('group', { name: 'Translations' }).getByRole('button', { name: 'fr', exact: true, pressed: true }).waitFor();
    await p.getByLabel('Title').fill('Réinitialiser votre mot de passe');
    await p.getByRole('button', { name: 'Save draft' }).click();
    await saved(p, /Saved as a draft/);
    await expect.poll(async () => (await ownerApi(server, 'GET', `/help_center/articles/${articleId}/translations/fr`)).body.translation?.title).toBe('Réinitialiser votre mot de passe');
    // Back to the source locale: its text, untouched.
    await p.getByRole('group', { name: 'Translations' }).getByRole('button', { name: 'en-us (source)' }).click();
    await expect.poll(() => p.getByLabel('Title').inputValue()).toBe('Reset your password');

    // The French text starts from the English body, so "sign-in page" is in both, and in every revision.
    await p.getByRole('button', { name: 'Redact…' }).click();
    await p.getByLabel('Text to redact').fill('sign-in page');
    await p.getByRole('button', { name: 'Redact', exact: true }).click();
    await p.getByRole('dialog', { name: 'Redact this text from the article?' }).getByRole('button', { name: 'Redact' }).click();
    await saved(p, /Redacted \d+ times/);
    const en = await ownerApi(server, 'GET', `/help_center/articles/${articleId}/translations/en-us`);
    const fr = await ownerApi(server, 'GET', `/help_center/articles/${articleId}/translations/fr`);
    const revs = await ownerApi(server, 'GET', `/help_center/articles/${articleId}/revisions?locale=en-us`);
    for (const body of [en.body.translation.body, fr.body.translation.body, ...revs.body.revisions.map((r: { body: string }) => r.body)]) {
      expect(body).not.toContain('sign-in page');
      expect(body).toContain('▇▇▇');
    }
    await editor(p).getByText('▇▇▇', { exact: false }).waitFor();
  }, 60_000);

  it('passes axe on the help centre pages, and shows an agent no admin tools', async () => {
    const found: string[] = [];
    for (const [name, path] of [
      ['help centre', '/help-centre'],
      ['section', '/help-centre?section=' + String((await ownerApi(server, 'GET', `/help_center/articles/${articleId}`)).body.article.section_id)],
      ['article editor', `/help-centre/articles/${articleId}`],
      ['new article', '/help-centre/articles/new'],
      ['revisions', `/help-centre/articles/${articleId}/revisions?locale=en-us`],
      ['archived', '/help-centre/archived'],
      ['community', '/help-centre/community'],
    ] as const) {
      await admin.goto(path);
      await admin.locator('main h1, main [role=alert]').first().waitFor();
      await admin.waitForLoadState('networkidle');
      found.push(...(await violations(admin)).map((v) => `${name}: ${v}`));
    }
    // The toolbar's link form, open.
    await admin.goto(`/help-centre/articles/${articleId}`);
    await editor(admin).getByText('Forgot password').click();
    await admin.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Link' }).click();
    await admin.getByLabel('Link address').waitFor();
    found.push(...(await violations(admin)).map((v) => `link form: ${v}`));
    await admin.keyboard.press('Escape');
    expect(found).toEqual([]);

    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, agentEmail, AGENT_PASSWORD);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help centre' }).click();
      await page.getByRole('heading', { name: 'Help centre', level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: 'Archived' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'New category' }).count()).toBe(0);
      await page.goto(`/help-centre/articles/${articleId}`);
      await page.getByRole('heading', { name: 'Edit article' }).waitFor();
      expect(await page.getByRole('button', { name: 'Archive' }).count()).toBe(0);
      await page.goto('/help-centre/archived');
      await page.getByRole('alert').filter({ hasText: 'Only admins' }).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('archives the article, then deletes it forever: the article, its page and its image answer 404', async () => {
    const p = admin;
    await p.goto(`/help-centre/articles/${articleId}`);
    await p.getByRole('heading', { name: 'Edit article' }).waitFor();
    await p.getByRole('button', { name: 'Archive' }).click();
    const dialog = p.getByRole('dialog', { name: 'Archive this article?' });
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await p.getByRole('heading', { name: 'Archived articles' }).waitFor();
    expect((await ownerApi(server, 'GET', `/help_center/articles/${articleId}`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/hc/articles/${articleId}`)).status).toBe(404);

    await p.getByRole('button', { name: 'Delete Reset your password forever' }).click();
    const confirm = p.getByRole('dialog', { name: 'Delete this article forever?' });
    await confirm.waitFor();
    const words = (await confirm.textContent()) ?? '';
    for (const w of ['every translation', 'every revision', 'every file', 'every comment', 'every vote', 'cannot be undone']) expect(words).toContain(w);
    await shot(p, 'hc-delete-forever-confirm');
    const go = confirm.getByRole('button', { name: 'Delete forever' });
    expect(await go.isDisabled()).toBe(true);
    await confirm.getByLabel(/I understand/).check();
    await go.click();
    await p.getByText('No archived articles.').waitFor();

    expect((await ownerApi(server, 'GET', `/help_center/articles/${articleId}`)).status).toBe(404);
    expect((await ownerApi(server, 'GET', `/help_center/archived_articles`)).body.articles).toEqual([]);
    expect((await ownerApi(server, 'GET', `/help_center/articles/${articleId}/revisions?locale=en-us`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/hc/articles/${articleId}`)).status).toBe(404);
    const auth = Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64');
    expect((await fetch(`${server.baseUrl}${imagePath}`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}${imagePath}`, { headers: { authorization: `Basic ${auth}` } })).status).toBe(404);
    expect(adminErrors).toEqual([]);
  }, 60_000);
});
