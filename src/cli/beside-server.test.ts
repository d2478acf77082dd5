import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDb } from '../../test/db.ts';
import { startServer, type RunningServer } from '../../test/server.ts';
import { apiClient, withServerDb, type ApiAnswer } from '../../test/api-client.ts';

// `oubli sweep` and `oubli import-mail` run as their own processes on the data directory
// of a running server while it takes a steady stream of API writes. Nothing may be lost,
// no answer may be a 500, and an import run twice stores each message once.

const MESSAGES = 200;
const REPLIES = 20;
const NO_MESSAGE_ID_EVERY = 4;
const DELETED_CONTACTS = 30;
const WRITERS = 4;
const MAX_REQUESTS = 3000;

/** An mbox of MESSAGES messages: new tickets, some replies, every fourth new one without a Message-ID. */
function mbox(): string {
  const out: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const reply = i >= MESSAGES - REPLIES;
    // A reply answers a message that has a Message-ID (4k + 1).
    const n = reply ? (i - (MESSAGES - REPLIES)) * NO_MESSAGE_ID_EVERY + 1 : i;
    const headers = [`From: Sender ${n} <sender${n}@import.test>`, 'To: support@oubli.test', `Subject: ${reply ? 'Re: ' : ''}Imported ${n}`];
    if (reply) headers.push(`Message-ID: <reply${n}@import.test>`, `In-Reply-To: <msg${n}@import.test>`);
    else if (n % NO_MESSAGE_ID_EVERY !== 0) headers.push(`Message-ID: <msg${n}@import.test>`);
    out.push(`From MAILER-DAEMON Thu Nov 20 10:00:00 2026\n${headers.join('\n')}\n\nBody of message ${i}\n\n`);
  }
  return out.join('');
}

describeEachDb('the CLI beside a running server', (kind) => {
  let s: RunningServer;
  let dir: string;
  beforeEach(async () => {
    s = await startServer(kind);
    dir = mkdtempSync(join(tmpdir(), 'oubli-beside-'));
  });
  afterEach(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sweeps and imports while the API takes writes: no 500, nothing lost, nothing twice', async () => {
    const api = apiClient(s);
    // Contacts deleted now are due for erasure 30 days on: the sweep below erases them.
    for (let i = 0; i < DELETED_CONTACTS; i++) {
      const r = await api('POST', '/tickets', { ticket: { subject: `Gone ${i}`, comment: { body: 'old' }, requester: { email: `gone${i}@example.test`, name: `Gone ${i}` } } });
      expect(r.status).toBe(201);
      expect((await api('DELETE', `/users/${r.body.ticket.requester_id}`)).status).toBe(200);
    }
    const file = join(dir, 'old.mbox');
    writeFileSync(file, mbox());

    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let sent = 0;
    let cliDone = false;
    const writer = async (w: number) => {
      let ticketId: number | null = null;
      while (!cliDone && sent < MAX_REQUESTS) {
        sent++;
        const t0 = performance.now();
        const r: ApiAnswer =
          ticketId === null
            ? await api('POST', '/tickets', { ticket: { subject: `Live ${w}-${sent}`, comment: { body: 'new' }, requester: { email: `live${w}@example.test` } } })
            : await api('PUT', `/tickets/${ticketId}`, { ticket: { comment: { body: `more ${sent}` }, status: 'open' } });
        latencies.push(performance.now() - t0);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        ticketId = r.status === 201 ? r.body.ticket.id : sent % 10 === 0 ? null : ticketId;
      }
    };
    const start = Date.now();
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const asOf = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const timed = async (args: string[]) => {
      const t0 = Date.now();
      const r = await s.cli(args);
      return { ...r, ms: Date.now() - t0 };
    };
    const [imported, swept] = await Promise.all([
      timed(['import-mail', file, '--data-dir', s.dataDir]),
      timed(['sweep', '--as-of', asOf, '--data-dir', s.dataDir]),
    ]);
    cliDone = true;
    await writers;
    const elapsed = Date.now() - start;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
    console.log(
      `[${kind}] beside the server: ${sent} API writes (${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')}) in ${elapsed} ms, ` +
        `latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms; ` +
        `import-mail ${MESSAGES} messages in ${imported.ms} ms (exit ${imported.code}); sweep in ${swept.ms} ms (exit ${swept.code})`,
    );

    if (imported.code || swept.code) console.log(imported.stdout, imported.stderr, swept.stdout.slice(-500), swept.stderr);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported ${MESSAGES} messages:`);
    expect(imported.stdout).toContain(`${MESSAGES - REPLIES} new tickets, 0 follow-ups of closed tickets, ${REPLIES} replies added to tickets`);
    expect(imported.stdout).toContain('0 failed');
    expect(swept.stderr).toBe('');
    expect(swept.code).toBe(0);
    expect(swept.stdout.match(/erased contact \d+/g)).toHaveLength(DELETED_CONTACTS);
    // The writes really overlapped the commands, and every one was answered as a success.
    expect(sent).toBeGreaterThan(WRITERS * 5);
    expect([...statuses.keys()].filter((k) => k >= 500)).toEqual([]);
    expect([...statuses.keys()].every((k) => k === 200 || k === 201)).toBe(true);

    const stored = async () =>
      withServerDb(s, async (db) => {
        const raws = await db.selectFrom('raw_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const tickets = await db.selectFrom('tickets').select(['subject']).where('subject', 'like', 'Imported %').execute();
        const erased = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('erased_at', 'is not', null).executeTakeFirstOrThrow();
        return { raws: Number(raws.n), subjects: tickets.map((t) => t.subject as string), erased: Number(erased.n) };
      });
    const first = await stored();
    expect(first.raws).toBe(MESSAGES);
    expect(new Set(first.subjects).size).toBe(MESSAGES - REPLIES);
    expect(first.subjects).toHaveLength(MESSAGES - REPLIES);
    expect(first.erased).toBe(DELETED_CONTACTS);

    // Run again: every message is recognised, by its Message-ID or by its content.
    const again = await timed(['import-mail', file, '--data-dir', s.dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 new tickets, 0 follow-ups of closed tickets, 0 replies added to tickets`);
    expect(again.stdout).toContain(`${MESSAGES} already stored`);
    expect(await stored()).toEqual(first);
  }, 300_000);
});
