import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/connect.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../context.ts';
import { createUser } from '../domain/contacts/create-user.ts';
import { createTestStore } from '../../test/db.ts';
import { insertTicket } from '../../test/factories/index.ts';
import { parseAsOf } from './sweep.ts';

const BIN = resolve(import.meta.dirname, '../../bin/oubli.js');

/** Runs the real `oubli` command; the environment cannot point it at another database. */
function oubli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('OUBLI_')));
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [BIN, ...args], { env });
    let out = '';
    let err = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (err += b));
    p.on('error', fail);
    p.on('close', (code) => done({ code: code ?? -1, out, err }));
  });
}

describe('oubli sweep (the command, on a SQLite data directory)', () => {
  let dir: string;
  let contact: number;
  let ticket: number;

  const read = async () => {
    const store = await openStore({ dataDir: dir });
    try {
      const u = await store.db.selectFrom('users').select(['name', 'erased_at']).where('id', '=', contact).executeTakeFirstOrThrow();
      const t = await store.db.selectFrom('tickets').select(['state', 'subject']).where('id', '=', ticket).executeTakeFirstOrThrow();
      return { user: u, ticket: t };
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    // The run's migrated template, copied into a data directory of its own.
    const store = await createTestStore('sqlite');
    dir = store.dataDir;
    const at = '2026-11-22T10:00:00.000Z';
    const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(at), log: silentLogger, actor: SYSTEM_ACTOR };
    contact = await createUser(ctx, { name: 'Sweep Person', email: 'sweep.person@example.test' });
    ticket = await insertTicket({ db: store.db, at }, contact, {
      subject: 'Old deleted ticket', state: 'deleted', priority: null, type: null, submitter_id: null, brand_id: null,
    });
    await store.db.updateTable('users').set({ deleted_at: at }).where('id', '=', contact).execute();
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports on a dry run and changes nothing, then sweeps as of the given moment', { timeout: 60_000 }, async () => {
    const early = await oubli(['sweep', '--data-dir', dir, '--as-of', '2026-12-01T00:00:00Z']);
    expect(early).toMatchObject({ code: 0, err: '' });
    expect(early.out).toBe('Sweep as of 2026-12-01T00:00:00.000Z:\n  nothing to do\n');

    const dry = await oubli(['sweep', '--data-dir', dir, '--as-of', '2027-01-01T00:00:00Z', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(dry.out).toBe(
      // Each sweep reports on its own: the ticket is listed though the contact's erasure would take it first.
      `Sweep as of 2027-01-01T00:00:00.000Z (dry run: nothing changed):\n  would erase contact ${contact}\n  would erase deleted ticket ${ticket}\n`,
    );
    expect(await read()).toEqual({ user: { name: 'Sweep Person', erased_at: null }, ticket: { state: 'deleted', subject: 'Old deleted ticket' } });

    const real = await oubli(['sweep', '--data-dir', dir, '--as-of', '2027-01-01']);
    expect(real).toMatchObject({ code: 0, err: '' });
    // What it swept, then any search-index maintenance it did (the merge of segments).
    const [head, erased, ...maintenance] = real.out.trimEnd().split('\n');
    expect(head).toBe('Sweep as of 2027-01-01T00:00:00.000Z:');
    expect(erased).toBe(`  erased contact ${contact} (tickets 1, identities 1)`);
    for (const line of maintenance) expect(line).toMatch(/^ {2}search index: merged search_\w+: \d+ segments, now \d+/);
    expect(real.out).not.toContain('Sweep Person');
    expect(await read()).toEqual({
      user: { name: 'Permanently Deleted User', erased_at: '2027-01-01T00:00:00.000Z' },
      ticket: { state: 'erased', subject: null },
    });
  });

  it('refuses bad flags with a non-zero exit and one line saying why', { timeout: 60_000 }, async () => {
    const cases: [string[], number, RegExp][] = [
      [['sweep', '--data-dir', dir, '--as-of', 'yesterday'], 1, /^oubli sweep: --as-of "yesterday" is not an ISO-8601 time/],
      [['sweep', '--data-dir', dir, '--as-of', '2026-02-30'], 1, /^oubli sweep: --as-of "2026-02-30" is not an ISO-8601 time/],
      [['sweep', '--data-dir', dir, '--as-of'], 2, /^oubli sweep: .*--as-of/],
      [['sweep', '--data-dir', dir, '--dryrun'], 2, /^oubli sweep: .*--dryrun/],
      [['sweep', '--data-dir', dir, 'now'], 1, /^oubli sweep: unexpected argument "now"/],
      [['sweep', '--data-dir', join(dir, 'nope')], 1, /^oubli sweep: no database in /],
    ];
    const results = await Promise.all(cases.map(([args]) => oubli(args)));
    results.forEach((r, i) => {
      const [, code, reason] = cases[i]!;
      expect(r.code, cases[i]![0].join(' ')).toBe(code);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(reason);
    });
  });
});

describe('--as-of', () => {
  it('takes ISO dates and times, with or without a zone, and nothing else', () => {
    expect(parseAsOf('2026-12-31').toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(parseAsOf('2026-12-31T10:00:00+02:00').toISOString()).toBe('2026-12-31T08:00:00.000Z');
    for (const bad of ['31/12/2026', '2026-13-01', '2026-02-29', '2026-12-31 10:00', '1735689600']) {
      expect(() => parseAsOf(bad), bad).toThrow(/not an ISO-8601 time/);
    }
  });
});
