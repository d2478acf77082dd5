import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { withServerDb } from '../api-client.ts';
import { insertArticle } from '../factories/hc-community.ts';
import { signinLinkIn } from '../hc-browser.ts';
import { startServer, type RunningServer } from '../server.ts';
import { startRelay, type Relay } from '../smtp.ts';
import { launchChromium, newContext, ownerApi, requireChromium, shot } from './helpers.ts';

// The public help centre in Chromium (docs/help-centre-community.md), with no JavaScript on
// its pages: a visitor reads an article; an end user signs in by the link mailed through a
// real relay, posts with an image, comments and votes. Pages pass axe-core's WCAG 2.1 A/AA rules.

type Any = any;
requireChromium();

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2d2a6b40000000049454e44ae426082',
  'hex',
);

describe('the public help centre in Chromium', () => {
  let server: RunningServer;
  let relay: Relay;
  let browser: Browser;
  let articleId: number;
  let topicId: number;
  const axe = async (page: Page) =>
    (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);

  beforeAll(async () => {
    relay = await startRelay();
    server = await startServer('sqlite', ['--smtp-port', '0', '--smtp-relay', relay.url, '--support-addresses', 'help@oubli.test']);
    browser = await launchChromium();
    await ownerApi(server, 'POST', '/users', { user: { name: 'Ada Lind', email: 'ada@example.test' } });
    topicId = (await ownerApi<Any>(server, 'POST', '/community/topics', { topic: { name: 'Feature requests', description: 'Ideas welcome' } })).body.topic.id;
    const ownerId = (await ownerApi<Any>(server, 'GET', '/users/me')).body.user.id;
    articleId = await withServerDb(server, async (db) => (await insertArticle({ db, at: new Date().toISOString() }, { authorId: ownerId, title: 'Tracking a parcel', body: '<p>Open the order page.</p>' })).articleId);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await relay?.close();
  });

  it('a visitor reads an article from the home page, and search finds it', async () => {
    const { context, page, errors } = await newContext(browser, server);
    await page.goto('/hc');
    await page.getByRole('link', { name: 'Getting started' }).click();
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('link', { name: 'Tracking a parcel' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tracking a parcel');
    expect(await page.getByText('Open the order page.').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Sign in to comment' }).isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Search articles').fill('order page');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.getByRole('link', { name: 'Tracking a parcel' }).isVisible()).toBe(true);
    await shot(page, 'hc-search');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('an end user signs in by the mailed link, posts with an image, comments and votes', async () => {
    const { context, page, errors } = await newContext(browser, server);
    await page.goto('/hc/signin');
    expect(await axe(page)).toEqual([]);
    const before = relay.caught.length;
    await page.getByLabel('Email').fill('ada@example.test');
    await page.getByRole('button', { name: 'Mail me a sign-in link' }).click();
    expect(await page.getByRole('status').textContent()).toContain('sign-in link is on its way');
    await expect.poll(() => relay.caught.length, { timeout: 20_000 }).toBeGreaterThan(before);
    const link = signinLinkIn(relay.caught[relay.caught.length - 1]!.parsed.text ?? '');
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByText('Signed in as Ada Lind').isVisible()).toBe(true);

    await page.goto(`/hc/community/topics/${topicId}`);
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByLabel('Title').fill('Dark mode');
    await page.getByLabel('Details').fill('Please add a dark mode.');
    const dir = mkdtempSync(join(tmpdir(), 'hc-img-'));
    writeFileSync(join(dir, 'shot.png'), PNG);
    await page.getByLabel(/^Image/).setInputFiles(join(dir, 'shot.png'));
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.waitForURL(/\/hc\/community\/posts\/\d+$/);
    rmSync(dir, { recursive: true, force: true });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dark mode');
    const img = page.locator('article img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Add a comment').fill('Me too!');
    await page.getByRole('button', { name: 'Post comment' }).click();
    expect(await page.getByText('Me too!').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Vote up this post' }).click();
    expect(await page.locator('article').getByText('1 (1 vote)').isVisible()).toBe(true);
    await shot(page, 'hc-post', { fullPage: true });

    await page.goto(`/hc/articles/${articleId}`);
    await page.getByRole('button', { name: 'Vote up this article' }).click();
    await page.getByLabel('Add a comment').fill('Helpful, thanks');
    await page.getByRole('button', { name: 'Post comment' }).click();
    expect(await page.getByText('Helpful, thanks').isVisible()).toBe(true);
    const votes = (await ownerApi<Any>(server, 'GET', `/help_center/articles/${articleId}/votes`)).body.votes;
    expect(votes.map((v: Any) => v.value)).toEqual([1]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
