import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { sqliteFile } from '../../src/db/dialects/sqlite.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// The erasure-request workflow (issue 5 item 6, docs/erasure-requests.md) in a real Chromium against the
// real server: from the contact page to the printed certificate, and the list with its due
// dates. Screenshots go to test-artifacts/screenshots/erasure-*.png.

type Any = any;

requireChromium();

describe('erasure requests in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};
  const tickets: Record<string, number> = {};
  let requestId = 0;
  const LONG_NAME = `Bartholomew ${'Featherstonehaugh'.repeat(5)} of ${'the Very Long Valley '.repeat(6)}`;
  const dialog = (p: Page) => p.locator('dialog[open]');

  const person = async (key: string, name: string, email: string) => {
    const u = await ownerApi(server, 'POST', '/users', { user: { name, email } });
    expect(u.status).toBe(201);
    ids[key] = u.body.user.id;
  };
  const ticket = async (key: string, requester: string, subject: string, body: string, extra: Record<string, unknown> = {}) => {
    const t = await ownerApi(server, 'POST', '/tickets', {
      ticket: { subject, requester_id: ids[requester], comment: { body, author_id: ids[requester] }, ...extra },
    });
    expect(t.status).toBe(201);
    tickets[key] = t.body.ticket.id;
  };
  /** The same page on a phone-sized screen: nothing wider than the window, and a screenshot. */
  const narrowly = async (p: Page, name: string, fullPage = true) => {
    await p.setViewportSize({ width: 390, height: 844 });
    try {
      expect(await fitsWidth(p), `${name} fits 390 px`).toBe(true);
      await shot(p, name, { fullPage });
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
  };
  const comments = async (key: string) => JSON.stringify((await ownerApi(server, 'GET', `/tickets/${tickets[key]}/comments`)).body);

  beforeAll(async () => {
    server = await startAppServer();
    await person('ursula', 'Ursula Quixote', 'ursula@forget.test');
    await person('bob', 'Bob Bystander', 'bob@keep.test');
    await person('carl', 'Carl Colleague', 'carl@keep.test');
    await person('long', LONG_NAME, 'long@forget.test');
    await person('olaf', 'Olaf Overdue', 'olaf@forget.test');
    // Her own ticket: her name, her address, and another address of hers (a suggestion).
    await ticket(
      'own',
      'ursula',
      'Please forget me',
      'Hello, this is Ursula Quixote (ursula@forget.test). You may also know me as u.quixote@elsewhere.test. Please erase everything.',
    );
    // Other people's tickets that name her: to redact, and one more found only via the suggestion.
    await ticket('bob', 'bob', 'Printer jam on floor 3', 'My neighbour Ursula Quixote had this too; write to her at ursula@forget.test.');
    await ticket('bob2', 'bob', 'Forwarded question', 'Forwarding from u.quixote@elsewhere.test, who asked about invoices.');
    // Someone else with the same name: the agent rejects that match, and it stays.
    await ticket('carl', 'carl', 'Budget approval', 'Ursula Quixote from the Lisbon office (not a customer) approved the budget.');
    // A closed ticket cannot be redacted: its match proposes deleting it.
    await ticket('closed', 'bob', 'Old thread', 'Ursula Quixote called about ursula@forget.test last year.', { status: 'solved' });
    expect((await ownerApi(server, 'PUT', `/tickets/${tickets.closed}/close`)).status).toBe(200);
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('exports a contact’s data from the contact page (right of access)', async () => {
    await page.goto(`/contacts/${ids.ursula}`);
    await page.getByRole('heading', { name: 'Ursula Quixote' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.page-actions').getByRole('button', { name: 'Export data' }).click()]);
    expect(download.suggestedFilename()).toBe(`oubli-contact-${ids.ursula}-export.json`);
    const text = readFileSync((await download.path())!, 'utf8');
    const doc = JSON.parse(text);
    expect(text).toContain('ursula@forget.test');
    expect(text).toContain('Please forget me');
    // Other people's tickets that only mention her are not hers to receive.
    expect(text).not.toContain('Printer jam on floor 3');
    expect(doc).toBeTypeOf('object');
  }, 60_000);

  it('starts an erasure request from the contact page', async () => {
    await page.goto(`/contacts/${ids.ursula}`);
    await page.getByRole('heading', { name: 'Ursula Quixote' }).waitFor();
    await shot(page, 'erasure-contact');
    await page.locator('.page-actions').getByRole('link', { name: 'Start erasure request' }).click();
    await page.waitForURL(/\/erasure-requests\/new\?user_id=/);
    await page.getByRole('heading', { name: /Find and remove everything about Ursula Quixote/ }).waitFor();
    await shot(page, 'erasure-new');
    await page.getByRole('button', { name: 'Open erasure request' }).click();
    await page.waitForURL(/\/erasure-requests\/\d+$/);
    requestId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: 'Erasure request for Ursula Quixote' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Steps of the erasure request' }).textContent()).toContain('Search terms');
  }, 60_000);

  it('shows the profile terms, and searches a suggestion once accepted', async () => {
    const next = page.getByRole('button', { name: 'Continue to matches →' });
    await expect.poll(() => next.isEnabled(), { timeout: 30_000 }).toBe(true);
    const terms = page.getByRole('list', { name: 'Search terms' });
    expect(await terms.textContent()).toContain('Ursula Quixote');
    expect(await terms.textContent()).toContain('ursula@forget.test');
    const suggestions = page.getByRole('list', { name: 'Suggested terms' });
    await suggestions.getByText('u.quixote@elsewhere.test').waitFor();
    await shot(page, 'erasure-terms', { fullPage: true });
    await narrowly(page, 'narrow-erasure-terms');
    await suggestions.getByRole('button', { name: 'Accept u.quixote@elsewhere.test' }).click();
    await suggestions.getByRole('button', { name: 'Reject u.quixote@elsewhere.test' }).waitFor();
    await expect.poll(() => next.isEnabled(), { timeout: 30_000 }).toBe(true);
    const r = await ownerApi(server, 'GET', `/erasure_requests/${requestId}`);
    expect(r.body.erasure_request.terms.find((t: Any) => t.value === 'u.quixote@elsewhere.test').accepted).toBe(true);
    await next.click();
    await page.getByRole('heading', { name: 'Matches' }).waitFor();
  }, 90_000);

  it('groups the matches by ticket, marks the term in each snippet, and takes a decision on each', async () => {
    const group = (key: string) => page.getByRole('region', { name: `Ticket #${tickets[key]}` });
    // Each ticket's matches load on their own: wait for every group read below, not only the first.
    for (const key of ['bob', 'bob2', 'closed', 'own']) await group(key).locator('.match').first().waitFor();
    // The term is marked as text inside the snippet; nothing from the server is parsed as HTML.
    const marks = await group('bob').locator('.snippet mark').allTextContents();
    expect(marks.some((m) => /Ursula Quixote|ursula@forget\.test/i.test(m))).toBe(true);
    expect(await group('bob2').locator('.snippet mark').allTextContents()).toContain('u.quixote@elsewhere.test');
    expect(await group('closed').textContent()).toContain('Delete ticket');
    expect(await group('own').textContent()).toContain('erased with them');
    await shot(page, 'erasure-matches', { fullPage: true });
    await narrowly(page, 'narrow-erasure-matches');

    // Carl's colleague is someone else: reject, by keyboard.
    const carlReject = group('carl').getByRole('button', { name: 'Reject' }).first();
    await carlReject.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => carlReject.getAttribute('aria-pressed')).toBe('true');
    // One confirmed on its own, then the rest at once.
    const bobConfirm = group('bob').getByRole('button', { name: 'Confirm' }).first();
    await bobConfirm.click();
    await expect.poll(() => bobConfirm.getAttribute('aria-pressed')).toBe('true');
    const next = page.getByRole('button', { name: 'Continue to execute →' });
    expect(await next.isDisabled()).toBe(true);
    await page.getByRole('button', { name: /^Confirm all \d+ undecided$/ }).click();
    await expect.poll(() => next.isEnabled()).toBe(true);
    const r = await ownerApi(server, 'GET', `/erasure_requests/${requestId}`);
    expect(r.body.erasure_request.match_counts.by_decision.pending).toBe(0);
    expect(r.body.erasure_request.match_counts.by_decision.reject).toBeGreaterThanOrEqual(1);
    await next.click();
    await page.getByRole('heading', { name: 'Execute' }).waitFor();
  }, 60_000);

  it('executes only after a confirmation that says what happens, and ends with a printable certificate', async () => {
    await shot(page, 'erasure-execute');
    await page.getByRole('button', { name: 'Execute erasure…' }).click();
    const text = await dialog(page).textContent();
    expect(text).toContain('This cannot be undone');
    expect(text).toContain('The person is erased last');
    expect(text).toMatch(/tickets that cannot be redacted \(closed, spam or deleted\) deleted forever: those with 2 confirmed matches/);
    const go = dialog(page).getByRole('button', { name: 'Execute erasure' });
    expect(await go.isDisabled()).toBe(true);
    await shot(page, 'erasure-confirm');
    await narrowly(page, 'narrow-erasure-confirm', false);
    // Escape changes nothing.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect((await ownerApi(server, 'GET', `/erasure_requests/${requestId}`)).body.erasure_request.status).toBe('ready');

    await page.getByRole('button', { name: 'Execute erasure…' }).click();
    await dialog(page).getByLabel('I understand this cannot be undone.').check();
    await dialog(page).getByRole('button', { name: 'Execute erasure' }).click();
    await page.getByRole('heading', { name: 'Certificate of erasure' }).waitFor({ timeout: 90_000 });
    expect(page.url()).toContain('step=certificate');
    // Its progress came from the job status, in the corner of every page (polled, so the tray
    // may show the last step a moment after the certificate).
    await expect.poll(() => page.locator('.jobtray').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`Erasure request #${requestId}.*Done: (\\d+) of \\1`));
    const cert = page.locator('.certificate');
    await expect.poll(() => cert.textContent()).toContain('Verified');
    const certText = (await cert.textContent())!;
    expect(certText).not.toMatch(/Ursula|quixote|forget\.test/i);
    // Who was told (docs/webhooks.md): no webhook or API consumer had her data here.
    expect(certText).toContain('Who was told');
    expect(certText).toContain('0 recipients notified, 0 acknowledged.');
    await shot(page, 'erasure-certificate', { fullPage: true });

    // Printing: the button opens the print dialog; the print stylesheet shows only the certificate.
    await page.evaluate(() => {
      (window as Any).__printed = 0;
      window.print = () => ((window as Any).__printed += 1);
    });
    await page.getByRole('button', { name: 'Print certificate' }).click();
    expect(await page.evaluate(() => (window as Any).__printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print certificate' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Steps of the erasure request' }).isVisible()).toBe(false);
    await shot(page, 'erasure-certificate-print', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Through the API: the person is erased, her tickets gone, other people's tickets cleaned.
    expect((await ownerApi(server, 'GET', `/users/${ids.ursula}`)).status).toBe(404);
    expect((await ownerApi(server, 'GET', `/tickets/${tickets.own}`)).status).toBe(404);
    expect((await ownerApi(server, 'GET', `/tickets/${tickets.closed}`)).status).toBe(404);
    const bob = await comments('bob');
    expect(bob).not.toMatch(/Ursula Quixote|ursula@forget\.test/);
    expect(bob).toContain('▇');
    expect(await comments('bob2')).not.toContain('u.quixote@elsewhere.test');
    expect(await comments('carl')).toContain('Ursula Quixote from the Lisbon office');
    const c = await ownerApi(server, 'GET', `/erasure_requests/${requestId}/certificate`);
    expect(c.body.certificate.verification.passed).toBe(true);
    expect(c.body.certificate.counts.redacted_comments).toBeGreaterThanOrEqual(2);
  }, 150_000);

  it('lists requests with their due dates, due soon and overdue, and filters them', async () => {
    // The server's clock is real: to show a request due soon and one overdue, their dates are
    // moved in the database (as if they had been received weeks ago).
    const open = async (key: string) => {
      const r = await ownerApi(server, 'POST', '/erasure_requests', { erasure_request: { user_id: ids[key] } });
      expect(r.status).toBe(201);
      return r.body.erasure_request.id as number;
    };
    const soon = await open('long');
    const overdue = await open('olaf');
    // Let their searches finish before their dates are moved under them.
    for (const id of [soon, overdue]) {
      await expect
        .poll(async () => (await ownerApi(server, 'GET', `/erasure_requests/${id}`)).body.erasure_request.status, { timeout: 30_000 })
        .toBe('ready');
    }
    const db = new Database(sqliteFile(server.dataDir));
    try {
      db.pragma('busy_timeout = 5000');
      const day = 86_400_000;
      const move = db.prepare('update erasure_requests set received_at = ?, due_at = ? where id = ?');
      move.run(new Date(Date.now() - 28 * day).toISOString(), new Date(Date.now() + 3 * day).toISOString(), soon);
      move.run(new Date(Date.now() - 33 * day).toISOString(), new Date(Date.now() - 2 * day).toISOString(), overdue);
    } finally {
      db.close();
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Erasure requests' }).click();
    await page.waitForURL(/\/erasure-requests$/);
    const row = (id: number) => page.getByRole('row').filter({ has: page.getByRole('link', { name: new RegExp(`^Erasure request #${id} `) }) });
    await row(overdue).waitFor();
    expect(await row(overdue).textContent()).toContain('Overdue');
    expect(await row(soon).textContent()).toContain('Due soon');
    expect(await row(requestId).textContent()).toContain('Completed');
    expect(await row(requestId).textContent()).not.toMatch(/Overdue|Due soon/);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'erasure-list');

    await page.getByRole('navigation', { name: 'Erasure requests by due date' }).getByRole('link', { name: /Overdue/ }).click();
    await page.waitForURL(/due=overdue/);
    await row(overdue).waitFor();
    await expect.poll(() => row(soon).count()).toBe(0);
    await page.getByLabel('Status').selectOption('completed');
    await page.waitForURL(/status=completed/);
    await page.getByText('No erasure requests match these filters.').waitFor();
    await page.goto('/erasure-requests?status=completed');
    await row(requestId).waitFor();
    await expect.poll(() => row(overdue).count()).toBe(0);

    // The long name stays inside the page on the request's own page.
    await page.goto(`/erasure-requests/${soon}`);
    await page.getByRole('heading', { name: /Erasure request for Bartholomew/ }).waitFor();
    await page.getByRole('heading', { name: 'Search terms' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'erasure-long-name');
  }, 90_000);

  it('fits a narrow screen', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      const pages: [string, string, string][] = [
        ['erasure-list', '/erasure-requests', 'Erasure requests'],
        ['erasure-certificate', `/erasure-requests/${requestId}`, 'Certificate of erasure'],
        ['erasure-new', `/erasure-requests/new?user_id=${ids.bob}`, 'New erasure request'],
      ];
      const list = await ownerApi(server, 'GET', '/erasure_requests?status=ready');
      for (const r of list.body.erasure_requests as Any[]) pages.push([`erasure-terms-${r.id}`, `/erasure-requests/${r.id}`, 'Search terms']);
      for (const [name, path, heading] of pages) {
        await narrow.page.goto(path);
        await narrow.page.getByRole('heading', { name: heading }).first().waitFor();
        await narrow.page.waitForLoadState('networkidle');
        expect(await fitsWidth(narrow.page), `${name} at 390`).toBe(true);
        await shot(narrow.page, `narrow-${name}`, { fullPage: true });
      }
      expect(narrow.errors).toEqual([]);
    } finally {
      await narrow.context.close();
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
