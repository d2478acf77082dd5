import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { startServer, type RunningServer } from '../server.ts';

// Helpers for the browser tests: the real server, the built web app, Debian's Chromium.

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
export const OWNER_PASSWORD = 'owner password for tests';
const BIN = resolve(import.meta.dirname, '../../bin/oubli.js');

/** Fails loudly, with the fix, when Chromium is missing: a browser test must never pass by not running. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, so the browser tests cannot run.\n` +
        `Install it (as root): apt-get update && apt-get install -y chromium\n` +
        `(CI's .ci/run does this by itself.)`,
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Runs `oubli user set-password`, the password on standard input, as an operator would. */
export async function setPasswordByCli(server: RunningServer, email: string, password: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'user', 'set-password', '--email', email, '--data-dir', server.dataDir], {
    env: server.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(`${password}\n`);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`set-password failed (${code}): ${out}`);
}

/** The built web app and a real server whose owner has a password. */
export async function startAppServer(): Promise<RunningServer> {
  await ensureWebBuild();
  const server = await startServer('sqlite');
  await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
  return server;
}

/** Calls the API as the owner (token), for setting up data and checking results. */
export async function ownerApi<T = any>(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const auth = Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64');
  const res = await fetch(`${server.baseUrl}/api/v2${path}`, {
    method,
    headers: { authorization: `Basic ${auth}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Whether the server has an endpoint yet (RecordNotFound for id 0, rather than InvalidEndpoint). */
export async function hasEndpoint(server: RunningServer, method: string, path: string): Promise<boolean> {
  const r = await ownerApi<{ error?: string }>(server, method, path, method === 'GET' ? undefined : {});
  return !(r.status === 404 && r.body.error === 'InvalidEndpoint');
}

/** Saves a screenshot under test-artifacts/screenshots/ (git-ignored) for a person to look at. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

/** A new browser context (its own cookies) at a size, with browser errors collected. */
export async function newContext(browser: Browser, server: RunningServer, size = { width: 1280, height: 800 }) {
  const context: BrowserContext = await browser.newContext({ baseURL: server.baseUrl, viewport: size });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers are part of the app's normal flow (refusals); the app's own errors are not.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors };
}

/** Signs in through the form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** True when nothing on the page is wider than the window (long names must wrap or clip). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
