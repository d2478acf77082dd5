import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, shot, signIn, startAppServer } from './helpers.ts';

// Search in the web app (issue 11): the box in the top bar, results by type with counts, the
// server's highlights shown with the words marked and the text never run as HTML, bulk
// actions on ticket results; at 1280×800 and 390 px.

const HOSTILE = 'Refund <img src=x onerror="document.title=\'pwned\'"> & <script>document.title="pwned"</script> now';

describe('search in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const tickets: Record<string, number> = {};
  let anna: number;

  const api = <T = any>(method: string, path: string, body?: unknown) => ownerApi<T>(server, method, path, body);
  const ticket = async (key: string, subject: string, body: string, requester: number) => {
    const r = await api('POST', '/tickets', { ticket: { subject, comment: { body }, requester_id: requester } });
    expect(r.status).toBe(201);
    tickets[key] = r.body.ticket.id;
  };
  const search = async (q: string) => {
    const box = page.getByRole('search', { name: 'Search everything' }).getByRole('searchbox');
    await box.fill(q);
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === q);
  };
  const row = (subject: RegExp) => page.getByRole('row', { name: subject });

  beforeAll(async () => {
    server = await startAppServer();
    anna = (await api('POST', '/users', { user: { name: 'Anna Karenina', email: 'anna.k@example.com', notes: 'Prefers the phone' } })).body.user.id;
    const bob = (await api('POST', '/users', { user: { name: 'Bob Builder', email: 'bob@search.test' } })).body.user.id;
    await ticket('fire', 'Printer on fire', `${'Earlier we talked about the weather and lunch. '.repeat(6)}Then the printer at 221B Baker Street caught fire again. ${'Nothing else happened. '.repeat(6)}`, anna);
    await ticket('jam', 'Paper jam', 'The printer jams on every page.', bob);
    await ticket('hostile', 'Money back', HOSTILE, bob);
    await ticket('spam1', 'Cheap printer ink', 'Buy printer ink now', bob);
    await ticket('spam2', 'Printer deals', 'Best printer deals', bob);
    expect((await api('POST', '/organizations', { organization: { name: 'Printing Press Ltd' } })).status).toBe(201);
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches from the top bar and shows results by type with counts, the words marked', async () => {
    await page.goto('/contacts');
    await search('printer');
    const tabs = page.getByRole('navigation', { name: 'Result types' });
    await expect.poll(() => tabs.textContent()).toBe('Tickets4People0Organizations0');
    const fire = row(/Printer on fire/);
    await fire.waitFor();
    // The subject and a fragment of the comment, each with the word in a <mark>.
    expect(await fire.locator('mark').allTextContents()).toEqual(['Printer', 'printer']);
    const fragment = await fire.locator('.result__hl').textContent();
    expect(fragment).toMatch(/^Comment….*the printer at 221B Baker Street caught fire again.*…$/);
    expect(fragment!.length).toBeLessThan(240);
    await shot(page, 'search-tickets');

    await search('print*');
    await expect.poll(() => tabs.textContent()).toBe('Tickets4People0Organizations1');
    await tabs.getByRole('link', { name: /Organizations/ }).click();
    await page.getByRole('list', { name: 'Results' }).getByText('Printing Press Ltd').first().waitFor();
    expect(await page.locator('.result mark').allTextContents()).toEqual(['Printing']);

    await search('anna.k@example.com');
    await page.getByRole('link', { name: 'Anna Karenina' }).waitFor();
    expect(page.url()).not.toContain('type=');
    await expect.poll(() => tabs.textContent()).toBe('Tickets0People1Organizations0');
    const marked = (await page.locator('.result mark').allTextContents()).join(' ');
    expect(marked.split(/[^a-z]+/i).filter(Boolean)).toEqual(['anna', 'k', 'example', 'com']);
    await shot(page, 'search-people');
  }, 60_000);

  it('shows other people’s text as text: markup in a highlight never becomes HTML', async () => {
    await search('refund');
    const r = row(/Money back/);
    await r.waitFor();
    expect(await r.locator('.result__hl').textContent()).toBe(`Comment${HOSTILE}`);
    expect(await r.locator('mark').allTextContents()).toEqual(['Refund']);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
  }, 30_000);

  it('says what is wrong with a query, without repeating it', async () => {
    await search('status<bogus');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/status< needs one of new, open, pending, hold, solved, closed/);
  }, 30_000);

  it('acts on ticket results in bulk: edit, mark as spam, delete', async () => {
    await search('printer');
    await row(/Paper jam/).waitFor();
    await page.getByLabel(/^Select ticket #\d+ Paper jam/).check();
    const bar = page.getByRole('region', { name: /Bulk actions/ });
    await bar.getByRole('button', { name: 'Edit…' }).click();
    const d = page.locator('dialog[open]');
    await d.getByLabel('Priority').selectOption('high');
    await d.getByLabel('Add tags').fill('searched');
    await d.getByRole('button', { name: 'Update 1 ticket' }).click();
    await page.locator('.jobtray').getByText(/^Done: 1 of 1/).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await api('GET', `/tickets/${tickets.jam}`)).body.ticket).toMatchObject({ priority: 'high', tags: ['searched'] });

    await page.getByLabel(/^Select ticket #\d+ Cheap printer ink/).check();
    await page.getByLabel(/^Select ticket #\d+ Printer deals/).check();
    await bar.getByText('2 tickets selected').waitFor();
    await shot(page, 'search-bulk');
    await bar.getByRole('button', { name: 'Mark as spam' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Mark as spam' }).click();
    await expect.poll(async () => (await api('GET', '/spam_tickets')).body.tickets.map((t: any) => t.id).sort()).toEqual([tickets.spam1, tickets.spam2].sort());
    // They leave the results: spam is never found.
    await expect.poll(() => page.getByRole('navigation', { name: 'Result types' }).textContent()).toBe('Tickets2People0Organizations0');

    await page.getByLabel(/^Select ticket #\d+ Paper jam/).check();
    await bar.getByRole('button', { name: 'Delete' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await api('GET', '/deleted_tickets')).body.deleted_tickets.map((t: any) => t.id)).toEqual([tickets.jam]);
    await row(/Paper jam/).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a 390 px screen', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      await narrow.page.goto(`/search?q=${encodeURIComponent('printer OR refund')}`);
      await narrow.page.getByRole('row', { name: /Printer on fire/ }).waitFor();
      expect(await fitsWidth(narrow.page)).toBe(true);
      await narrow.page.getByLabel(/^Select ticket #\d+ Printer on fire/).check();
      const box = (await narrow.page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Edit…' }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await shot(narrow.page, 'search-390', { fullPage: true });
      expect(narrow.errors).toEqual([]);
    } finally {
      await narrow.context.close();
    }
  }, 60_000);
});
