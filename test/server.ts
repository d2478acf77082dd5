import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';
import type { DbKind } from './db.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/oubli.js');
const pgUrl = process.env.TEST_DATABASE_URL || undefined;

/** A real `oubli serve` process on its own database, with an owner and their token. */
export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  ownerEmail: string;
  token: string;
  env: NodeJS.ProcessEnv;
  /** Runs another `oubli` command against the same database. */
  cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  stop(): Promise<void>;
  /** Kills the server process (SIGKILL unless told otherwise) and waits until it is gone; the data stays. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts `oubli serve` again on the same data directory and database; `baseUrl` and `port` change. */
  restart(): Promise<void>;
  /** Everything the server process has written to stdout and stderr so far (all runs). */
  output(): string;
  /** The PostgreSQL URL of this server's database (undefined on SQLite). */
  databaseUrl?: string;
  /** The process id of the server (it changes with restart). */
  pid: number;
  /** Starts one more `oubli serve` on the same database (several servers on PostgreSQL); stop() stops it too. */
  peer(): Promise<PeerServer>;
}

/** A second server process on the same database. */
export interface PeerServer {
  baseUrl: string;
  pid: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // Named as the run's test databases are, so that its teardown finds one a test left.
  const name = `${inject('pgTestPrefix')}e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Starts the server as a user would (setup, then serve), on SQLite or PostgreSQL. */
export async function startServer(kind: DbKind, extraArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-e2e-'));
  const database = kind === 'postgres' ? await createPgDatabase() : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OUBLI_JOB_POLL_MS: '50',
    OUBLI_SWEEP_INTERVAL_SECONDS: '0',
    // Servers started by tests must not compete for the default SMTP port; a test that
    // wants mail passes --smtp-port, which wins over this.
    OUBLI_SMTP_PORT: '0',
    OUBLI_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  if (database) env.DATABASE_URL = database.url;
  const cli = async (args: string[]) => {
    try {
      const r = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
      return { stdout: r.stdout, stderr: r.stderr, code: 0 };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; code?: number };
      return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
    }
  };
  const ownerEmail = 'owner@e2e.test';
  // A server that never started leaves nothing behind: its database and folder go too.
  const discard = async (err: unknown): Promise<never> => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  };
  const setup = await cli(['setup', '--owner-email', ownerEmail, '--owner-name', 'Olive Owner', '--data-dir', dataDir]);
  if (setup.code !== 0) await discard(new Error(`setup failed: ${setup.stderr}`));
  const token = setup.stdout.trim().split('\n').pop()!.trim();

  let allOutput = '';
  const serve = async (): Promise<{ child: ChildProcess; port: number }> => {
    const child: ChildProcess = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...extraArgs],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start:\n${output}`));
        // A loaded 2-core machine (browsers, other servers) has taken over 30 s to start one.
      }, 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = output.match(/serving http:\/\/localhost:(\d+)\//);
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stdout!.on('data', (c: Buffer) => (allOutput += c.toString()));
      child.stderr!.on('data', (c: Buffer) => {
        output += c.toString();
        allOutput += c.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${output}`));
      });
    });
    return { child, port };
  };
  let { child, port } = await serve().catch(discard);
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)));
  const killChild = async (c: ChildProcess, signal: NodeJS.Signals) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const gone = exited(c);
    c.kill(signal);
    await gone;
  };
  const peers: ChildProcess[] = [];
  const server: RunningServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    ownerEmail,
    token,
    env,
    cli,
    databaseUrl: database?.url,
    output: () => allOutput,
    pid: child.pid!,
    async stop() {
      await Promise.all([child, ...peers].map((c) => killChild(c, 'SIGTERM')));
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    kill: (signal = 'SIGKILL') => killChild(child, signal),
    async restart() {
      ({ child, port } = await serve());
      server.port = port;
      server.pid = child.pid!;
      server.baseUrl = `http://127.0.0.1:${port}`;
    },
    async peer() {
      const p = await serve();
      peers.push(p.child);
      return { baseUrl: `http://127.0.0.1:${p.port}`, pid: p.child.pid!, kill: (signal = 'SIGKILL') => killChild(p.child, signal) };
    },
  };
  return server;
}

/** Runs an `oubli` command with `input` on its standard input (a password, say); resolves to its exit code. */
export function cliWithInput(server: RunningServer, args: string[], input: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', server.dataDir], { env: server.env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', fail);
    child.once('exit', (code) => done(code ?? 1));
    child.stdin!.end(input);
  });
}
