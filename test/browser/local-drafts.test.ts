import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// The copy of a draft kept in the browser has a bounded fate (docs/web.md "Drafts", the
// stores inventory's "browser-drafts"): sign-out and another agent's sign-in remove it, a
// copy older than 7 days is dropped, a closed or gone ticket takes it away; and a
// colleague's redaction reaches the draft on screen before it can be saved back.

const DAY = 24 * 60 * 60 * 1000;
const BEN = { email: 'ben@e2e.test', password: 'ben password for tests' };

const draftKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('oubli:draft:')).sort());
const putCopy = (page: Page, key: string, body: string, ageMs = 0) =>
  page.evaluate(([k, b, age]) => localStorage.setItem(k as string, JSON.stringify({ value: { body: b, public: true, status: null, fields: {} }, saved_at: Date.now() - (age as number) })), [key, body, ageMs] as const);

describe('the browser copy of a draft, and redactions while typing', () => {
  let server: RunningServer;
  let browser: Browser;
  let ownerId: number;
  let benId: number;
  const errors: string[] = [];

  const ticket = async (subject: string, body: string) => (await ownerApi(server, 'POST', '/tickets', { ticket: { subject, comment: { body }, requester: { name: 'Rosa Router', email: 'rosa@e2e.test' } } })).body.ticket.id as number;

  beforeAll(async () => {
    server = await startAppServer();
    const b = await ownerApi(server, 'POST', '/users', { user: { name: 'Ben Agent', email: BEN.email, role: 'agent' } });
    benId = b.body.user.id;
    await setPasswordByCli(server, BEN.email, BEN.password);
    ownerId = (await ownerApi(server, 'GET', '/users/me')).body.user.id;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('removes the agent’s copies on sign-out, and another agent’s when someone else signs in', async () => {
    const { page, errors: e } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await putCopy(page, `oubli:draft:${ownerId}:101`, 'Owner words one');
    await putCopy(page, `oubli:draft:${ownerId}:102`, 'Owner words two');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await draftKeys(page)).toEqual([]);

    // Copies left by the owner (a session that expired, say) go when Ben signs in here; Ben's stay.
    await putCopy(page, `oubli:draft:${ownerId}:103`, 'Owner words three');
    await putCopy(page, `oubli:draft:${benId}:104`, 'Ben words');
    await signIn(page, BEN.email, BEN.password);
    expect(await draftKeys(page)).toEqual([`oubli:draft:${benId}:104`]);
    errors.push(...e);
    await page.context().close();
  }, 60_000);

  it('drops a copy older than 7 days when read, and sweeps old ones when the app starts', async () => {
    const id = await ticket('Old draft', 'Hello there.');
    const { page, errors: e } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await putCopy(page, `oubli:draft:${ownerId}:${id}`, 'Words from last month', 8 * DAY);
    await putCopy(page, `oubli:draft:${ownerId}:424242`, 'Never opened again', 8 * DAY);
    await putCopy(page, `oubli:draft:${ownerId}:424243`, 'Written yesterday', 1 * DAY);
    // Not yet swept (written after start-up): opening the ticket in the app reads and drops its copy.
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/tickets/${id}`);
    await page.getByRole('heading', { name: 'Old draft' }).waitFor();
    await page.getByPlaceholder('Reply to the requester…').waitFor();
    expect(await page.getByPlaceholder('Reply to the requester…').inputValue()).toBe('');
    expect(await draftKeys(page)).not.toContain(`oubli:draft:${ownerId}:${id}`);
    expect(await draftKeys(page)).toContain(`oubli:draft:${ownerId}:424242`);
    // A fresh start sweeps the other old one; yesterday's stays.
    await page.reload();
    await page.getByRole('heading', { name: 'Old draft' }).waitFor();
    expect(await draftKeys(page)).toEqual([`oubli:draft:${ownerId}:424243`]);
    errors.push(...e);
    await page.context().close();
  }, 60_000);

  it('removes the copy when the ticket is closed or gone', async () => {
    const closed = await ticket('To be closed', 'Thanks, all good.');
    expect((await ownerApi(server, 'PUT', `/tickets/${closed}`, { ticket: { status: 'solved' } })).status).toBe(200);
    expect((await ownerApi(server, 'PUT', `/tickets/${closed}/close`)).status).toBe(200);
    const { page, errors: e } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await putCopy(page, `oubli:draft:${ownerId}:${closed}`, 'A reply it can no longer take');
    await putCopy(page, `oubli:draft:${ownerId}:999999`, 'A reply to a ticket that is gone');
    await page.goto(`/tickets/${closed}`);
    await page.getByText('Read-only: a closed ticket cannot be changed.').first().waitFor();
    await expect.poll(() => draftKeys(page)).toEqual([`oubli:draft:${ownerId}:999999`]);
    await page.goto('/tickets/999999');
    await page.getByText('Ticket #999999 is not here').waitFor();
    await expect.poll(() => draftKeys(page)).toEqual([]);
    await shot(page, 'local-draft-ticket-gone');
    errors.push(...e);
    await page.context().close();
  }, 60_000);

  it('re-reads the server draft after a colleague’s redaction, so the redacted words are not saved back', async () => {
    const id = await ticket('Card trouble', 'My card number is 4242 4242 4242 4242.');
    const o = await newContext(browser, server);
    const b = await newContext(browser, server);
    await signIn(o.page, server.ownerEmail, OWNER_PASSWORD);
    await signIn(b.page, BEN.email, BEN.password);
    await o.page.goto(`/tickets/${id}`);
    await b.page.goto(`/tickets/${id}`);
    await o.page.getByText('Ben Agent is viewing').waitFor({ timeout: 10_000 });
    const box = b.page.getByPlaceholder('Reply to the requester…');
    await box.fill('About card 4242 4242 4242 4242: ');
    await b.page.getByText('Draft saved.').waitFor();

    // Ben's next words cannot reach the server for now: they wait on his page and in his browser.
    await b.page.route('**/api/v2/tickets/*/draft', (route) => (route.request().method() === 'PUT' ? route.abort() : route.continue()));
    await box.fill('About card 4242 4242 4242 4242: we have blocked it.');
    await b.page.getByText('Draft saved on this device', { exact: false }).waitFor();
    expect((await draftKeys(b.page)).length).toBe(1);

    // Olive redacts the number meanwhile; the server scrubs Ben's saved draft, his page hears of it.
    const comments = await ownerApi(server, 'GET', `/tickets/${id}/comments`);
    const r = await ownerApi(server, 'PUT', `/tickets/${id}/comments/${comments.body.comments[0].id}/redact`, { text: '4242 4242 4242 4242' });
    expect(r.status).toBe(200);
    await o.page.getByText('My card number is 4242').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => draftKeys(b.page), { timeout: 10_000 }).toEqual([]);

    // The server answers again: the retry reads the redacted draft first instead of writing the number back.
    await b.page.unroute('**/api/v2/tickets/*/draft');
    await b.page.getByText('Text was redacted on this ticket', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await box.inputValue()).not.toContain('4242');
    const saved = await b.page.evaluate(async (t) => (await (await fetch(`/api/v2/tickets/${t}/draft`)).json()) as { draft: { body: string } }, id);
    expect(saved.draft.body).toContain('About card');
    expect(saved.draft.body).not.toContain('4242');
    await shot(b.page, 'local-draft-redacted-by-colleague');
    // Typing on carries on from the redacted draft.
    await box.fill(`${await box.inputValue()} New card on its way.`);
    await b.page.getByText('Draft saved.').waitFor();
    expect(await draftKeys(b.page)).toEqual([]);
    errors.push(...o.errors, ...b.errors.filter((x) => !/ERR_FAILED|net::/.test(x)));
    await o.context.close();
    await b.context.close();
    expect(errors).toEqual([]);
  }, 90_000);
});
