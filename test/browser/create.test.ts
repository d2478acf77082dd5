import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// Creating from the web app (issue 11 item 6): a ticket on behalf of a contact, with a file,
// as the agent's words or as the contact's; a contact, with the server's refusal shown on the
// field; and a contact's profile, identities and organizations edited on their page.

type Any = any;

requireChromium();

describe('creating tickets and contacts, editing contacts, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};
  const dialog = (p: Page) => p.locator('dialog[open]');
  const get = async (path: string): Promise<Any> => (await ownerApi(server, 'GET', path)).body;

  beforeAll(async () => {
    server = await startAppServer();
    ids.owner = (await get('/users/me')).user.id;
    ids.petra = (await ownerApi(server, 'POST', '/users', { user: { name: 'Petra Phonecall', email: 'petra@create.test' } })).body.user.id;
    ids.taken = (await ownerApi(server, 'POST', '/users', { user: { name: 'Tom Taken', email: 'tom@create.test' } })).body.user.id;
    ids.group = (await ownerApi(server, 'POST', '/groups', { group: { name: 'Front desk' } })).body.group.id;
    ids.acme = (await ownerApi(server, 'POST', '/organizations', { organization: { name: 'Acme Ltd' } })).body.organization.id;
    ids.globex = (await ownerApi(server, 'POST', '/organizations', { organization: { name: 'Globex' } })).body.organization.id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a ticket on behalf of a contact, in their words, with a file, and opens it', async () => {
    await page.getByRole('banner').getByRole('link', { name: 'New ticket' }).click();
    await page.waitForURL(/\/tickets\/new$/);
    // Nobody chosen yet: the form says so on the requester field and sends nothing.
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByText('Choose who this ticket is for').waitFor();
    expect(await page.getByLabel('Requester', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Requester', { exact: true }).fill('petr');
    await page.getByRole('list', { name: 'Matching people' }).getByRole('button', { name: /Petra Phonecall/ }).click();
    await page.getByRole('group', { name: 'Requester' }).getByText('petra@create.test').waitFor();
    await page.getByLabel('Subject').fill('Called about a broken kettle');
    await page.getByLabel('Your message to Petra Phonecall').fill('My kettle stopped working after two days. Photo attached.');
    await page.getByLabel('The requester wrote this').check();
    // Her words are a public comment: the internal-note choice is off while she is the author.
    expect(await page.getByLabel('Internal note').isDisabled()).toBe(true);
    await page.getByLabel('What Petra Phonecall wrote').waitFor();
    await page.locator('input[type=file]').setInputFiles([{ name: 'kettle.txt', mimeType: 'text/plain', buffer: Buffer.from('a photo, in words') }]);
    await page.getByRole('list', { name: 'Files to attach' }).getByText('kettle.txt').waitFor();
    await page.getByLabel('Priority').selectOption('high');
    await page.getByLabel('Type').selectOption('incident');
    await page.getByLabel('Group').selectOption(String(ids.group));
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByLabel('Tags').fill('phone kettle');
    await shot(page, 'new-ticket-filled', { fullPage: true });
    await page.getByRole('button', { name: 'Create ticket' }).click();

    await page.waitForURL(/\/tickets\/\d+$/);
    const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: 'Called about a broken kettle' }).waitFor();
    const t = (await get(`/tickets/${ticketId}`)).ticket;
    expect(t).toMatchObject({ requester_id: ids.petra, submitter_id: ids.owner, assignee_id: ids.owner, group_id: ids.group, priority: 'high', type: 'incident', status: 'open', tags: ['kettle', 'phone'] });
    const [c] = (await get(`/tickets/${ticketId}/comments`)).comments;
    expect(c).toMatchObject({ author_id: ids.petra, public: true, body: 'My kettle stopped working after two days. Photo attached.' });
    expect(c.attachments.map((a: Any) => a.file_name)).toEqual(['kettle.txt']);
    await page.getByText('kettle.txt').first().waitFor();
    await shot(page, 'new-ticket-created');
    expect(errors).toEqual([]);
  }, 90_000);

  it("opens a ticket for a new contact typed in, as the agent's internal note, and shows refusals on their fields", async () => {
    await page.goto('/tickets/new');
    await page.getByRole('button', { name: 'New contact…' }).click();
    await page.getByLabel('Name').fill('Nina Newcomer');
    await page.getByLabel('Email').fill('nina@');
    await page.getByLabel('Subject').fill('Walk-in visit');
    await page.getByLabel('Internal note').check();
    await page.getByLabel('Note for your team').fill('Came to the desk; will write in later.');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByText('is not a valid email address').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect((await get('/users/search?query=Nina')).users).toEqual([]);
    await shot(page, 'new-ticket-bad-email');

    // An address someone has: refused on the field too, and nothing is created.
    await page.getByLabel('Email').fill('tom@create.test');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByText('is already being used by another user').waitFor();

    await page.getByLabel('Email').fill('nina@create.test');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    const nina = (await get('/users/search?query=nina@create.test')).users[0];
    expect(nina).toMatchObject({ name: 'Nina Newcomer', email: 'nina@create.test', role: 'end-user' });
    const t = (await get(`/tickets/${ticketId}`)).ticket;
    expect(t).toMatchObject({ requester_id: nina.id, submitter_id: ids.owner, status: 'new', assignee_id: null });
    const [c] = (await get(`/tickets/${ticketId}/comments`)).comments;
    expect(c).toMatchObject({ author_id: ids.owner, public: false });
  }, 90_000);

  it('starts a ticket from a contact page with the contact as requester', async () => {
    await page.goto(`/contacts/${ids.petra}`);
    await page.getByRole('main').getByRole('link', { name: 'New ticket' }).click();
    await page.waitForURL(new RegExp(`/tickets/new\\?requester_id=${ids.petra}$`));
    await page.getByRole('group', { name: 'Requester' }).getByText('Petra Phonecall').waitFor();
  }, 30_000);

  it('creates a contact, with the validation error shown on its field', async () => {
    await page.goto('/contacts');
    await page.getByRole('button', { name: 'New contact' }).click();
    const d = dialog(page);
    await d.getByLabel('Name').fill('Carla Created');
    await d.getByLabel('Email').fill('carla at example');
    await d.getByLabel('Phone').fill('+44 20 7946 0123');
    await d.getByLabel('Organization').selectOption(String(ids.acme));
    await d.getByRole('button', { name: 'Create contact' }).click();
    await d.getByText('is not a valid email address').waitFor();
    const email = d.getByLabel('Email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description, and focus went to it.
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await email.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent)).toContain('is not a valid email address');
    expect((await get('/users/search?query=Carla')).users).toEqual([]);
    await shot(page, 'new-contact-error');

    await email.fill('carla@create.test');
    await d.getByRole('button', { name: 'Create contact' }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    await page.getByRole('heading', { name: 'Carla Created', level: 1 }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const u = (await get(`/users/${id}`)).user;
    expect(u).toMatchObject({ name: 'Carla Created', email: 'carla@create.test', phone: '+44 20 7946 0123', organization_id: ids.acme, role: 'end-user' });
    ids.carla = id;
  }, 60_000);

  it("edits a contact's profile, identities and organizations", async () => {
    await page.goto(`/contacts/${ids.carla}`);
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByRole('button', { name: 'Edit profile' }).click();
    await profile.getByLabel('Name').fill('Carla Edited');
    await profile.getByLabel('Notes').fill('Prefers a call in the morning.');
    await profile.getByLabel('Details').fill('Head office, 3rd floor');
    await profile.getByLabel('Primary phone').fill('12');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByText('is not a valid phone number').waitFor();
    expect(await profile.getByLabel('Primary phone').getAttribute('aria-invalid')).toBe('true');
    expect((await get(`/users/${ids.carla}`)).user.name).toBe('Carla Created');
    await profile.getByLabel('Primary phone').fill('+44 20 7946 0999');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Carla Edited', level: 1 }).waitFor();
    await profile.getByText('Prefers a call in the morning.').waitFor();
    expect((await get(`/users/${ids.carla}`)).user).toMatchObject({ name: 'Carla Edited', notes: 'Prefers a call in the morning.', details: 'Head office, 3rd floor', phone: '+44 20 7946 0999' });

    // Identities: a bad address is refused on the field; a good one is added, made primary, the old one removed.
    const idsPanel = page.getByRole('region', { name: 'Identities' });
    await idsPanel.getByLabel('Email address').fill('carla@');
    await idsPanel.getByRole('button', { name: 'Add' }).click();
    await idsPanel.getByText('is not a valid email address').waitFor();
    await idsPanel.getByLabel('Email address').fill('carla.home@create.test');
    await idsPanel.getByRole('button', { name: 'Add' }).click();
    await idsPanel.getByText('carla.home@create.test', { exact: true }).waitFor();
    await idsPanel.getByRole('button', { name: 'Make primary: carla.home@create.test' }).click();
    await expect.poll(async () => (await get(`/users/${ids.carla}`)).user.email).toBe('carla.home@create.test');
    await idsPanel.getByRole('button', { name: 'Remove: carla@create.test' }).click();
    await dialog(page).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(async () => (await get(`/users/${ids.carla}/identities`)).identities.map((i: Any) => i.value).sort()).toEqual(['+44 20 7946 0999', 'carla.home@create.test']);
    await expect.poll(() => idsPanel.getByText('carla@create.test', { exact: true }).count()).toBe(0);

    // Organizations: add Globex, make it the default, leave Acme.
    const orgs = page.getByRole('region', { name: 'Organizations' });
    await orgs.getByRole('listitem').filter({ hasText: 'Acme Ltd' }).waitFor();
    await orgs.getByLabel('Add to', { exact: true }).selectOption(String(ids.globex));
    await orgs.getByRole('button', { name: 'Add' }).click();
    await orgs.getByRole('listitem').filter({ hasText: 'Globex' }).waitFor();
    await orgs.getByRole('button', { name: 'Make default: Globex' }).click();
    await expect.poll(async () => (await get(`/users/${ids.carla}`)).user.organization_id).toBe(ids.globex);
    await orgs.getByRole('button', { name: 'Remove: Acme Ltd' }).click();
    await dialog(page).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(async () => (await get(`/users/${ids.carla}/organization_memberships`)).organization_memberships.map((m: Any) => m.organization_name)).toEqual(['Globex']);
    await expect.poll(() => orgs.getByRole('listitem').filter({ hasText: 'Acme Ltd' }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'contact-edited', { fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('fits the new-ticket form and the contact page on a 390 px screen', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      for (const [name, path] of [
        ['new-ticket-390', `/tickets/new?requester_id=${ids.petra}`],
        ['contact-edit-390', `/contacts/${ids.carla}`],
      ]) {
        await narrow.page.goto(path!);
        await narrow.page.locator('main h1').first().waitFor();
        await narrow.page.waitForLoadState('networkidle');
        expect(await fitsWidth(narrow.page), name).toBe(true);
        await shot(narrow.page, name!, { fullPage: true });
      }
    } finally {
      await narrow.context.close();
    }
  }, 60_000);
});
