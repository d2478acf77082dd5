import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../db/connect.ts';
import { silentLogger, SYSTEM_ACTOR } from '../context.ts';
import { verifyPassword } from '../domain/auth/secrets.ts';
import { setupOwner } from '../domain/auth/setup-owner.ts';
import { createTestStore } from '../../test/db.ts';

// `oubli user set-password` as an operator runs it: a real process, the password on stdin.

const BIN = resolve(import.meta.dirname, '../../bin/oubli.js');

function run(args: string[], stdin: string): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(stdin);
  return new Promise((r) => child.once('exit', (code) => r({ code, out })));
}

describe('oubli user set-password', () => {
  let dir: string;
  const hashOf = async (email: string) => {
    const store = await openStore({ dataDir: dir });
    try {
      const row = await store.db
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select('users.password_hash')
        .where('identities.value_key', '=', email)
        .executeTakeFirstOrThrow();
      return row.password_hash;
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    // The run's migrated template in a data directory of its own, with an owner (`oubli setup`
    // is the servers' first step in test/server.ts: it needs no process of its own here).
    const store = await createTestStore('sqlite');
    dir = store.dataDir;
    try {
      await setupOwner({ db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR }, { email: 'owner@cli.test', name: 'Owner' });
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets the password read from standard input, without its line ending', async () => {
    const r = await run(['user', 'set-password', '--email', 'Owner@CLI.test', '--data-dir', dir], 'a long enough password\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Password set for user \d+/);
    expect(r.out).not.toContain('a long enough password');
    const hash = await hashOf('owner@cli.test');
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('a long enough password\n', hash)).toBe(false);
  }, 60_000);

  it('refuses a short or missing password, and an unknown email, changing nothing', async () => {
    const before = await hashOf('owner@cli.test');
    const short = await run(['user', 'set-password', '--email', 'owner@cli.test', '--data-dir', dir], 'short\n');
    expect(short.code).toBe(1);
    expect(short.out).toContain('at least 10 characters');
    const none = await run(['user', 'set-password', '--email', 'owner@cli.test', '--data-dir', dir], '');
    expect(none.code).toBe(1);
    expect(none.out).toContain('no password on standard input');
    const nobody = await run(['user', 'set-password', '--email', 'nobody@cli.test', '--data-dir', dir], 'a long enough password\n');
    expect(nobody.code).toBe(1);
    expect(nobody.out).toContain('no live user has that email');
    const usage = await run(['user', 'nonsense', '--data-dir', dir], '');
    expect(usage.code).toBe(1);
    expect(usage.out).toContain('usage: oubli user set-password');
    expect(await hashOf('owner@cli.test')).toBe(before);
  }, 60_000);
});
