import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// Working a queue in Chromium (issue 11): views with counts, sortable headers, filters run by
// the server, the list kept in the URL, saved views (personal and shared), "all N matching"
// with a bulk edit across pages, previous/next on the ticket, and a view worked with the
// keyboard only; at 1280×800 and 390 px.

const BEN = { email: 'ben@queue.test', password: 'ben password for tests' };
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const BATCH = 125;

describe('views that work a queue, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let benId: number;
  let closedId: number;
  let batchView: number;
  const views: Record<string, number> = {};

  const api = <T = any>(method: string, path: string, body?: unknown) => ownerApi<T>(server, method, path, body);
  const rowsText = (p: Page) => p.locator('table tbody tr').allTextContents();
  const idsOnPage = async (p: Page) => (await p.locator('table tbody tr td.num').allTextContents()).map((s) => Number(s.replace('#', '')));
  const viewLink = (p: Page, name: RegExp) => p.getByRole('navigation', { name: 'Ticket views' }).getByRole('link', { name });
  const dialog = (p: Page) => p.locator('dialog[open]');

  beforeAll(async () => {
    server = await startAppServer();
    const b = await api('POST', '/users', { user: { name: 'Ben Agent', email: BEN.email, role: 'agent' } });
    benId = b.body.user.id;
    await setPasswordByCli(server, BEN.email, BEN.password);
    const anna = (await api('POST', '/users', { user: { name: 'Anna Karenina', email: 'anna@queue.test' } })).body.user.id;
    const bob = (await api('POST', '/users', { user: { name: 'Bob Builder', email: 'bob@queue.test' } })).body.user.id;
    for (let i = 1; i <= BATCH; i++) {
      const tags = ['batch', ...(i % 10 === 0 ? ['vip'] : [])];
      const r = await api('POST', '/tickets', {
        ticket: { subject: `Batch ticket ${String(i).padStart(3, '0')}`, comment: { body: `Number ${i}` }, requester_id: i % 2 ? anna : bob, priority: PRIORITIES[i % 4], tags },
      });
      expect(r.status).toBe(201);
    }
    const closed = await api('POST', '/tickets', { ticket: { subject: 'Batch ticket closed', comment: { body: 'Old' }, requester_id: anna, status: 'solved', tags: ['batch'] } });
    closedId = closed.body.ticket.id;
    expect((await api('PUT', `/tickets/${closedId}/close`)).status).toBe(200);
    const v = await api('POST', '/views', { view: { title: 'Batch queue', all: [{ field: 'tags', operator: 'includes', value: 'batch' }], output: { columns: ['id', 'subject', 'requester', 'status', 'priority', 'assignee', 'tags'], sort_by: 'id', sort_order: 'asc' } } });
    expect(v.status).toBe(201);
    batchView = v.body.view.id;
    for (const view of (await api('GET', '/views')).body.views) views[view.title] = view.id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the views with their counts, and leads old links to the built-in view', async () => {
    await page.goto('/views/open');
    await page.waitForURL(new RegExp(`/views/${views['New and open tickets']}$`));
    await page.getByRole('heading', { name: 'New and open tickets' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Ticket views' });
    await expect.poll(() => viewLink(page, /^All unsolved tickets/).textContent()).toBe(`All unsolved tickets${BATCH}`);
    await expect.poll(() => viewLink(page, /^Batch queue/).textContent()).toBe(`Batch queue${BATCH + 1}`);
    expect(await nav.textContent()).toContain('Spam');
    expect(await viewLink(page, /^New and open tickets/).getAttribute('aria-current')).toBe('page');
    await shot(page, 'views-1280');
    await page.goto('/views');
    await page.waitForURL(new RegExp(`/views/${views['Your unsolved tickets']}$`));
  }, 60_000);

  it('sorts by a column header, says so with aria-sort, and keeps the sort in the URL', async () => {
    await page.goto(`/views/${views['All unsolved tickets']}`);
    const header = page.getByRole('columnheader', { name: 'Priority' });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').click();
    await page.waitForURL(/sort=priority&order=desc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await rowsText(page))[0]).toContain('urgent');
    await header.getByRole('button').click();
    await page.waitForURL(/sort=priority&order=asc/);
    await expect.poll(async () => (await rowsText(page))[0]).toContain('low');
    expect(await page.getByRole('columnheader', { name: 'Updated' }).getAttribute('aria-sort')).toBe('none');
    await shot(page, 'views-sorted');
  }, 60_000);

  it('filters on the server, and going back from a ticket restores the exact page, sort and filters', async () => {
    await page.goto(`/views/${batchView}`);
    await page.getByText('Filters', { exact: true }).click();
    const form = page.getByRole('form', { name: 'Filters' });
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('Requester: name or email').fill('ann');
    await form.getByRole('button', { name: /Anna Karenina/ }).click();
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/priority=high/);
    expect(page.url()).toMatch(/requester=\d+/);
    // i % 4 === 2 and odd i never meet: high tickets all have even numbers, Bob's.
    await page.getByText('No tickets match these filters.').waitFor();
    await form.getByRole('button', { name: 'Remove the requester filter' }).click();
    await form.getByLabel('Tags (any of)').fill('vip');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('tags') === 'vip' && !u.searchParams.has('requester'));
    // Every tenth ticket is vip, and i % 4 === 2 among them: 10, 30, 50, … 110.
    await expect.poll(() => idsOnPage(page)).toHaveLength(6);
    const shown = await rowsText(page);
    expect(shown.every((r) => r.includes('high') && r.includes('vip'))).toBe(true);
    expect(await page.locator('.pager').textContent()).toContain('6 items');
    await shot(page, 'views-filtered');

    // Dates: created today matches all of them, created before today none.
    const today = new Date().toISOString().slice(0, 10);
    await form.getByLabel('Created to').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No tickets match these filters.').waitFor();
    await form.getByLabel('Created to').fill(today);
    await form.getByLabel('Created from').fill(today);
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => idsOnPage(page)).toHaveLength(6);

    // Page 2 of a sorted, filtered list, and back again from a ticket.
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await form.getByLabel('Status').selectOption('new');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('columnheader', { name: 'Subject' }).getByRole('button').click();
    await page.waitForURL(/sort=subject&order=asc/);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next →' }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(async () => (await rowsText(page))[0]).toContain('Batch ticket 051');
    const listUrl = page.url();
    const before = await rowsText(page);
    await page.getByRole('link', { name: 'Batch ticket 060' }).click();
    await page.getByRole('heading', { name: 'Batch ticket 060' }).waitFor();
    await page.goBack();
    await page.waitForURL(listUrl);
    await expect.poll(() => rowsText(page)).toEqual(before);
    expect(await page.getByRole('form', { name: 'Filters' }).getByLabel('Status').inputValue()).toBe('new');
    expect(await page.getByRole('columnheader', { name: 'Subject' }).getAttribute('aria-sort')).toBe('ascending');
  }, 90_000);

  it('goes to the previous and next ticket of the view across its pages, and back to the list', async () => {
    await page.goto(`/views/${batchView}`);
    await expect.poll(() => idsOnPage(page)).toHaveLength(50);
    await page.getByRole('link', { name: 'Batch ticket 050' }).click();
    const nav = page.getByRole('navigation', { name: 'Tickets in this view' });
    await expect.poll(() => nav.textContent()).toContain(`50 of ${BATCH + 1}`);
    await shot(page, 'ticket-queue-nav');
    await nav.getByRole('link', { name: 'Next ticket in the view' }).click();
    await page.getByRole('heading', { name: 'Batch ticket 051' }).waitFor();
    await expect.poll(() => nav.textContent()).toContain(`51 of ${BATCH + 1}`);
    await nav.getByRole('link', { name: 'Previous ticket in the view' }).click();
    await page.getByRole('heading', { name: 'Batch ticket 050' }).waitFor();
    await nav.getByRole('link', { name: 'Next ticket in the view' }).click();
    await nav.getByRole('link', { name: /Batch queue/ }).click();
    await page.waitForURL(new RegExp(`/views/${batchView}\\?page=2$`));
    await expect.poll(async () => (await rowsText(page))[0]).toContain('Batch ticket 051');
    // The first ticket has no previous one.
    await page.goto(`/views/${batchView}`);
    await page.getByRole('link', { name: 'Batch ticket 001' }).click();
    await expect.poll(() => nav.textContent()).toContain(`1 of ${BATCH + 1}`);
    expect(await nav.getByLabel('Previous ticket in the view').getAttribute('aria-disabled')).toBe('true');
  }, 60_000);

  it('saves a shared view as an admin, and an agent saves, renames and deletes a personal one', async () => {
    await page.goto(`/views/${views['All unsolved tickets']}?tags=vip`);
    await page.getByRole('button', { name: 'Save as view' }).click();
    await dialog(page).getByLabel('Title').fill('VIP tickets');
    await dialog(page).getByLabel('Every agent (shared)').check();
    await shot(page, 'views-save-shared');
    await dialog(page).getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('heading', { name: 'VIP tickets' }).waitFor();
    const shared = (await api('GET', '/views')).body.views.find((v: any) => v.title === 'VIP tickets');
    expect(shared.restriction).toBeNull();
    expect(shared.conditions.all).toContainEqual({ field: 'tags', operator: 'includes', value: ['vip'] });
    await expect.poll(async () => (await rowsText(page)).filter((r) => r.includes('Batch ticket')).length).toBe(12);

    const ben = await newContext(browser, server);
    try {
      await signIn(ben.page, BEN.email, BEN.password);
      await ben.page.goto(`/views/${views['All unsolved tickets']}?priority=urgent`);
      await viewLink(ben.page, /^VIP tickets/).waitFor();
      // Shared views are the admins' to change.
      expect(await ben.page.getByRole('button', { name: 'Rename' }).count()).toBe(0);
      await ben.page.getByRole('button', { name: 'Save as view' }).click();
      await dialog(ben.page).getByText('Only you will see it.').waitFor();
      expect(await dialog(ben.page).getByLabel('Every agent (shared)').count()).toBe(0);
      await dialog(ben.page).getByLabel('Title').fill('My urgent ones');
      await dialog(ben.page).getByRole('button', { name: 'Save view' }).click();
      await ben.page.getByRole('heading', { name: 'My urgent ones' }).waitFor();
      const nav = ben.page.getByRole('navigation', { name: 'Ticket views' });
      await expect.poll(() => nav.textContent()).toContain('Your views');
      await expect.poll(async () => (await rowsText(ben.page)).every((r) => r.includes('urgent'))).toBe(true);
      // The owner, an admin, does not see it.
      expect((await api('GET', '/views')).body.views.map((v: any) => v.title)).not.toContain('My urgent ones');
      await ben.page.getByRole('button', { name: 'Rename' }).click();
      await dialog(ben.page).getByLabel('Title').fill('Urgent, mine');
      await dialog(ben.page).getByRole('button', { name: 'Rename' }).click();
      await ben.page.getByRole('heading', { name: 'Urgent, mine' }).waitFor();
      await viewLink(ben.page, /^Urgent, mine/).waitFor();
      await shot(ben.page, 'views-personal');
      await ben.page.getByRole('button', { name: 'Delete view' }).click();
      await dialog(ben.page).getByRole('button', { name: 'Delete view' }).click();
      await ben.page.waitForURL(new RegExp(`/views/${views['Your unsolved tickets']}$`));
      expect(await viewLink(ben.page, /^Urgent, mine/).count()).toBe(0);
      expect(ben.errors).toEqual([]);
    } finally {
      await ben.context.close();
    }
  }, 90_000);

  it('selects all N matching across pages and edits status, assignee, priority and tags, one call per 100', async () => {
    await page.goto(`/views/${batchView}`);
    await page.getByLabel('Select all on this page').check();
    const bar = page.getByRole('region', { name: /Bulk actions/ });
    await bar.getByText('50 tickets selected').waitFor();
    await bar.getByRole('button', { name: `Select all ${BATCH + 1} matching` }).click();
    await bar.getByText(`All ${BATCH + 1} matching tickets are selected.`).waitFor();
    await bar.getByText(`${BATCH + 1} tickets selected`).waitFor();
    await shot(page, 'views-select-all');
    // The selection holds across pages: page 2 shows its rows checked.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next →' }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(async () => (await rowsText(page))[0]).toContain('Batch ticket 051');
    expect(await page.getByLabel(/^Select ticket #\d+ Batch ticket 051/).isChecked()).toBe(true);
    await bar.getByText(`${BATCH + 1} tickets selected`).waitFor();
    await bar.getByRole('button', { name: 'Edit…' }).click();
    const d = dialog(page);
    await d.getByLabel('Status').selectOption('pending');
    await d.getByLabel('Priority').selectOption('urgent');
    await d.getByLabel('Assignee').selectOption({ label: 'Ben Agent' });
    await d.getByLabel('Add tags').fill('edited');
    await d.getByLabel('Remove tags').fill('vip');
    await shot(page, 'views-bulk-edit');
    await d.getByRole('button', { name: `Update ${BATCH + 1} tickets` }).click();
    const tray = page.locator('.jobtray');
    await tray.getByText(`Updating ${BATCH + 1} tickets (part 1 of 2)`).waitFor();
    await tray.getByText(`Updating ${BATCH + 1} tickets (part 2 of 2)`).waitFor();
    // The closed ticket is refused in its part's results; the others went through.
    await tray.getByText(/^Done: 100 of 100/).waitFor({ timeout: 30_000 });
    await tray.getByText(/25 done, 1 refused/).waitFor({ timeout: 30_000 });
    await shot(page, 'views-bulk-jobs');
    await tray.getByRole('button', { name: 'Why?' }).click();
    await tray.getByText(`#${closedId}: Status closed prevents ticket update`).waitFor();
    const edited = await api('GET', `/search?query=${encodeURIComponent('tags:edited')}&per_page=100`);
    expect(edited.body.count).toBe(BATCH);
    expect(edited.body.results.every((t: any) => t.status === 'pending' && t.priority === 'urgent' && t.assignee_id === benId && !t.tags.includes('vip'))).toBe(true);
    const closed = (await api('GET', `/tickets/${closedId}`)).body.ticket;
    expect(closed).toMatchObject({ status: 'closed', assignee_id: null });
    expect(closed.tags).toEqual(['batch']);
    await tray.getByRole('button', { name: /^Dismiss Updating .* \(part 2 of 2\)/ }).click();
  }, 120_000);

  it('works a view with the keyboard only: Tab to a header, Enter to sort, Space to select, Enter to open', async () => {
    await page.goto(`/views/${batchView}`);
    await page.getByRole('table').waitFor();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { tag: el?.tagName ?? '', text: el?.textContent?.trim() ?? '', label: el?.getAttribute('aria-label') ?? '', href: el?.getAttribute('href') ?? '' };
    });
    const tabTo = async (ok: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (ok(await focused())) return;
      }
      throw new Error(`never reached; ended on ${JSON.stringify(await focused())}`);
    };
    await tabTo((f) => f.tag === 'BUTTON' && f.text.startsWith('Priority'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=priority&order=desc/);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Priority' }).getAttribute('aria-sort')).toBe('descending');
    expect((await focused()).text).toMatch(/^Priority/);
    await page.keyboard.press('Space');
    await page.waitForURL(/sort=priority&order=asc/);
    // Every ticket is urgent now but the closed one (no priority, last): ties go by id.
    await expect.poll(async () => (await idsOnPage(page))[0], { timeout: 10_000 }).toBe(1);
    await tabTo((f) => f.label.startsWith('Select ticket #'));
    const which = (await focused()).label;
    await page.keyboard.press('Space');
    await page.getByRole('region', { name: /Bulk actions/ }).getByText('1 ticket selected').waitFor();
    expect(await page.locator(`input[aria-label="${which}"]`).isChecked()).toBe(true);
    await tabTo((f) => f.tag === 'A' && f.href.startsWith('/tickets/'));
    const href = (await focused()).href;
    await shot(page, 'views-keyboard');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => href.startsWith(u.pathname) && u.searchParams.get('view') === String(batchView));
    await page.getByRole('navigation', { name: 'Tickets in this view' }).waitFor();
  }, 60_000);

  it('keeps the table and its actions reachable at 390 px', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      await narrow.page.goto(`/views/${batchView}`);
      await narrow.page.getByRole('table').waitFor();
      expect(await fitsWidth(narrow.page)).toBe(true);
      await shot(narrow.page, 'views-390');
      await narrow.page.getByLabel(/^Select ticket #/).first().check();
      const edit = narrow.page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Edit…' });
      const box = (await edit.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // The table scrolls sideways inside its frame; the subject links stay in reach.
      const link = narrow.page.getByRole('link', { name: 'Batch ticket 001' });
      await link.scrollIntoViewIfNeeded();
      expect(await link.isVisible()).toBe(true);
      await shot(narrow.page, 'views-390-selected');
      await narrow.page.getByText('Filters', { exact: true }).click();
      expect(await fitsWidth(narrow.page)).toBe(true);
      await shot(narrow.page, 'views-390-filters', { fullPage: true });
      await link.click();
      await narrow.page.getByRole('navigation', { name: 'Tickets in this view' }).waitFor();
      expect(await fitsWidth(narrow.page)).toBe(true);
      await shot(narrow.page, 'ticket-queue-nav-390');
      expect(narrow.errors).toEqual([]);
    } finally {
      await narrow.context.close();
    }
    expect(errors).toEqual([]);
  }, 60_000);
});
