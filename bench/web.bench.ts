import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext } from 'playwright-core';
import { silentLogger, type Ctx } from '../src/context.ts';
import { openStore, type Store } from '../src/db/connect.ts';
import { getUser } from '../src/db/queries/users.ts';
import { actorOf } from '../src/domain/auth/actor.ts';
import { createUser } from '../src/domain/contacts/create-user.ts';
import { createTicket } from '../src/domain/tickets/create-ticket.ts';
import { updateTicket } from '../src/domain/tickets/update-ticket.ts';
import { ensureWebBuild } from '../web/scripts/ensure-build.ts';
import { launchChromium, OWNER_PASSWORD, setPasswordByCli } from '../test/browser/helpers.ts';
import { startServer, type RunningServer } from '../test/server.ts';

// `npm run bench` (second part): the web app in Chromium against the real server (`oubli
// serve` on SQLite, as the browser tests start it). The data goes in through the product's
// own actions (createTicket, updateTicket) on the server's database, not over HTTP:
//   (a) a ticket with 100 comments: time to first paint, and to an interactive ticket page
//       (the last comment rendered and the reply box focusable);
//   (b) 10,000 more open tickets: time until the first rows of the ticket view are visible.
// Each page load is a fresh browser context (empty cache) with the session cookie; one
// unmeasured load first, then RUNS measured ones; medians. Replaces the web.bench section
// of BENCHMARKS.md.

const COMMENTS = 100;
const TICKETS = 10_000;
const RUNS = 7;
const REQUESTERS = 50;
const LAST_WORDS = `This is comment ${COMMENTS} of ${COMMENTS}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;

const SENTENCES = [
  'The invoice for last month shows the wrong amount.',
  'I tried again this morning and it still fails at the payment step.',
  'Could you check whether the refund went through?',
  'Thanks, that helped, but the second account has the same problem.',
  'Attached is what the screen says when it happens.',
  'We will look into it and get back to you today.',
];
const words = (i: number, n: number) => Array.from({ length: n }, (_, k) => SENTENCES[(i * 7 + k) % SENTENCES.length]).join(' ');

async function seed(store: Store): Promise<{ ticketId: number; seconds: number }> {
  const base: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: null };
  const ownerRow = await store.db.selectFrom('users').select('id').where('is_owner', '=', 1).executeTakeFirstOrThrow();
  const owner = actorOf((await getUser(store.db, ownerRow.id))!)!;
  const ctx: Ctx = { ...base, actor: owner };
  const t0 = performance.now();
  const requesters: number[] = [];
  for (let i = 0; i < REQUESTERS; i++) requesters.push(await createUser(ctx, { name: `Bench Requester ${i}`, email: `requester${i}@web-bench.test` }));
  // (a) one long conversation: the requester and the agent in turn, public and internal.
  const who = requesters[0]!;
  const { ticketId } = await createTicket(ctx, { subject: 'A long conversation about an invoice', requester_id: who, comment: { body: words(0, 3), author_id: who } });
  for (let c = 2; c <= COMMENTS; c++) {
    const body = c === COMMENTS ? `${LAST_WORDS}. ${words(c, 2)}` : words(c, 1 + (c % 4));
    const comment = c % 2 ? { body, author_id: who } : { body, public: c % 10 !== 0 };
    await updateTicket(ctx, { ticketId, changes: { comment, status: 'open' } });
  }
  // (b) a helpdesk's worth of open tickets, each written by its requester.
  for (let i = 0; i < TICKETS; i++) {
    const r = requesters[i % REQUESTERS]!;
    await createTicket(ctx, { subject: `Question ${i + 1}: ${SENTENCES[i % SENTENCES.length]}`, requester_id: r, status: 'open', comment: { body: words(i, 2), author_id: r } });
  }
  return { ticketId, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Signs in once through the form and returns the cookies a fresh context starts with, and
 * where "Tickets" in the navigation leads (the view an agent opens).
 */
async function sessionState(browser: Browser, server: RunningServer) {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(server.ownerEmail);
  await page.getByLabel('Password').fill(OWNER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const viewsPath = (await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets', exact: true }).getAttribute('href')) ?? '/';
  const state = await context.storageState();
  await context.close();
  return { state, viewsPath };
}

interface Load {
  firstPaint: number;
  ready: number;
}

/** One load of `path` in a fresh context; `ready` is polled each frame and answers performance.now() once true. */
async function load(browser: Browser, server: RunningServer, state: Awaited<ReturnType<BrowserContext['storageState']>>, path: string, ready: Ready): Promise<Load> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, storageState: state });
  try {
    const page = await context.newPage();
    await page.goto(path, { waitUntil: 'commit' });
    // A function, not a string: the app's content security policy forbids eval.
    const at = await page.waitForFunction(ready, LAST_WORDS, { polling: 'raf', timeout: 120_000 });
    const readyAt = (await at.jsonValue()) as number;
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.getEntriesByName('first-paint')[0]?.startTime ?? NaN);
    return { firstPaint: paint, ready: readyAt };
  } finally {
    await context.close();
  }
}

/** The ticket page is interactive: its last comment is on the page and the reply box takes focus. */
function TICKET_READY(lastWords: string): number | false {
  const box = document.querySelector<HTMLTextAreaElement>('form[aria-label="Reply"] textarea');
  if (!box || box.disabled || !document.body.textContent?.includes(lastWords)) return false;
  box.focus();
  return document.activeElement === box ? performance.now() : false;
}

/** The ticket view shows its first rows: a link to a ticket in a row of the table, visible. */
function VIEW_READY(): number | false {
  const a = document.querySelector('main table tbody tr a[href^="/tickets/"]');
  return a && a.getBoundingClientRect().height > 0 ? performance.now() : false;
}

type Ready = (arg: string) => number | false;

async function measure(browser: Browser, server: RunningServer, state: Awaited<ReturnType<BrowserContext['storageState']>>, path: string, ready: Ready): Promise<Load[]> {
  await load(browser, server, state, path, ready);
  const out: Load[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await load(browser, server, state, path, ready));
  return out;
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model.trim() ?? 'unknown CPU';
}

function section(r: { seedSeconds: number; ticket: Load[]; view: Load[]; viewsPath: string; load: string; chromium: string }): string {
  const row = (what: string, xs: number[]) => `| ${what} | ${ms(median(xs))} | ${xs.map((x) => Math.round(x)).join(', ')} |`;
  const machine = `${new Date().toISOString().slice(0, 10)}, nproc ${availableParallelism()}, ${cpuModel()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Chromium ${r.chromium} (headless); load average ${r.load} when it started (the machine is shared with other work)`;
  return `<!-- web.bench:begin -->
## The web app: a ticket with ${COMMENTS} comments, a view over ${TICKETS.toLocaleString('en')} tickets

\`npm run bench\` (bench/web.bench.ts) replaces this section. \`oubli serve\` on SQLite (started as
the browser tests start it) with one ticket of ${COMMENTS} comments (requester and agent in turn, a
tenth of them internal notes) and ${TICKETS.toLocaleString('en')} more open tickets from ${REQUESTERS} requesters, written
through the product's own actions (\`createTicket\`, \`updateTicket\`) in ${r.seedSeconds.toFixed(0)} s. Chromium at
1280×800 loads each page in a fresh context (empty cache, signed in by cookie): one unmeasured load,
then ${RUNS} measured; times are from the start of navigation, as the page's own clock
(\`performance.now()\`) reads them. The first paint is the app's first words ("Opening Oubli…", before the session is read); "interactive" and
"first rows" wait for the API's answers and their rendering. Runs on a shared machine spread
widely (see the runs): compare medians taken under a similar load.

| what | median | runs (ms) |
| --- | ---: | --- |
${row('ticket page: first contentful paint', r.ticket.map((l) => l.firstPaint))}
${row(`ticket page: interactive (comment ${COMMENTS} rendered, reply box takes focus)`, r.ticket.map((l) => l.ready))}
${row(`ticket view (\`${r.viewsPath}\`, where Tickets in the navigation leads): first paint`, r.view.map((l) => l.firstPaint))}
${row(`ticket view: first rows visible (${(TICKETS + 1).toLocaleString('en')} open tickets)`, r.view.map((l) => l.ready))}

Machine: ${machine}.
<!-- web.bench:end -->`;
}

const started = loadavg()[0]!.toFixed(1);
await ensureWebBuild();
const server = await startServer('sqlite');
let browser: Browser | null = null;
try {
  await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
  const store = await openStore({ dataDir: server.dataDir });
  let seeded: Awaited<ReturnType<typeof seed>>;
  try {
    seeded = await seed(store);
  } finally {
    await store.close();
  }
  console.log(`Seeded ${COMMENTS} comments and ${TICKETS} tickets in ${seeded.seconds.toFixed(1)} s`);
  browser = await launchChromium();
  const { state, viewsPath } = await sessionState(browser, server);
  const ticket = await measure(browser, server, state, `/tickets/${seeded.ticketId}`, TICKET_READY);
  console.log(`Ticket page: first paint ${ms(median(ticket.map((l) => l.firstPaint)))}, interactive ${ms(median(ticket.map((l) => l.ready)))}`);
  const view = await measure(browser, server, state, viewsPath, VIEW_READY);
  console.log(`Ticket view: first paint ${ms(median(view.map((l) => l.firstPaint)))}, first rows ${ms(median(view.map((l) => l.ready)))}`);
  const text = section({ seedSeconds: seeded.seconds, ticket, view, viewsPath, load: started, chromium: browser.version() });
  const file = resolve(import.meta.dirname, '../BENCHMARKS.md');
  const old = readFileSync(file, 'utf8');
  const begin = old.indexOf('<!-- web.bench:begin -->');
  const endMark = '<!-- web.bench:end -->';
  const end = old.indexOf(endMark);
  writeFileSync(file, begin !== -1 && end > begin ? old.slice(0, begin) + text + old.slice(end + endMark.length) : `${old.trimEnd()}\n\n${text}\n`);
  console.log('Wrote the web section of BENCHMARKS.md');
} finally {
  await browser?.close();
  await server.stop();
}
