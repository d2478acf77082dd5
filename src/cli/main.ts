import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../errors.ts';

const USAGE = `usage: oubli <command> [flags]

  serve   [--port 8080] [--host 0.0.0.0] [--data-dir ./data]   run the server (DATABASE_URL=postgres://… for PostgreSQL)
          [--smtp-port 2525] [--smtp-relay smtp://user:pass@host:port] [--support-addresses a@x,b@x] [--mail-max-bytes N]
                                                              mail in over SMTP (0 = off) and out through a relay
  import-mail FILE.eml|DIR|FILE.mbox [--notify] [--progress] [--data-dir D]
                                                              feed existing mail through the SMTP path (no acknowledgements unless --notify);
                                                              lists each message not stored; exit 1 if one could not be (rerun: no duplicates)
  setup   --owner-email E --owner-name N [--data-dir D]       create the account owner; prints an API token last
  token create --email E [--data-dir D]                       print a new API token for an agent or admin
  user set-password --email E [--data-dir D]                  set an agent's or admin's web sign-in password (read from standard input)
  sweep   [--as-of ISO-8601] [--dry-run] [--data-dir D]       run the retention sweeps now (or as of a moment)
  migrate [--data-dir D]                                      bring the database schema up to date
  reports-backfill [--data-dir D]                             give tickets from before the reports their facts (idempotent)`;

export type Flags = Record<string, string | boolean | undefined>;
export type Command = (flags: Flags, positionals: string[]) => Promise<number>;

// Each command's module is loaded when that command runs: `oubli user set-password` or a
// usage error does not pay for loading the server, the mail stack and every route.
const COMMANDS: Record<string, { options: ParseArgsConfig['options']; run: Command }> = {
  serve: {
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'smtp-port': { type: 'string' },
      'smtp-relay': { type: 'string' },
      'support-addresses': { type: 'string' },
      'mail-max-bytes': { type: 'string' },
    },
    run: async (f) => (await import('./serve.ts')).serveCommand(f),
  },
  setup: {
    options: { 'owner-email': { type: 'string' }, 'owner-name': { type: 'string' }, 'data-dir': { type: 'string' } },
    run: async (f) => (await import('./accounts.ts')).setupCommand(f),
  },
  token: { options: { email: { type: 'string' }, 'data-dir': { type: 'string' } }, run: async (f, p) => (await import('./accounts.ts')).tokenCommand(f, p) },
  user: { options: { email: { type: 'string' }, 'data-dir': { type: 'string' } }, run: async (f, p) => (await import('./set-password.ts')).userCommand(f, p) },
  sweep: {
    options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'data-dir': { type: 'string' } },
    run: async (f, p) => (await import('./sweep.ts')).sweepCommand(f, p),
  },
  migrate: { options: { 'data-dir': { type: 'string' } }, run: async (f) => (await import('./migrate.ts')).migrateCommand(f) },
  'reports-backfill': { options: { 'data-dir': { type: 'string' } }, run: async (f) => (await import('./reports-backfill.ts')).reportsBackfillCommand(f) },
  'import-mail': {
    options: { 'data-dir': { type: 'string' }, notify: { type: 'boolean' }, progress: { type: 'boolean' }, 'support-addresses': { type: 'string' }, 'mail-max-bytes': { type: 'string' } },
    run: async (f, p) => (await import('./import-mail.ts')).importMailCommand(f, p),
  },
};

/** Runs one command and returns the exit code. Every failure is one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`oubli: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  let values: Flags;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true }) as {
      values: Flags;
      positionals: string[];
    });
  } catch (err) {
    console.error(`oubli ${name}: ${(err as Error).message.split('\n')[0]}`);
    return 2;
  }
  try {
    return await cmd.run(values, positionals);
  } catch (err) {
    const msg = err instanceof AppError ? err.message : `${(err as Error).name}: ${(err as Error).message}`;
    console.error(`oubli ${name}: ${msg.split('\n')[0]}`);
    return 1;
  }
}
