import { silentLogger, type Ctx } from '../context.ts';
import { setPassword } from '../domain/auth/set-password.ts';
import { AppError } from '../errors.ts';
import { PasswordSchema } from '../shared/auth.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** Reads a line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('invalid_request', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password from standard input: typed twice on a terminal, else the first line piped in. */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY) {
    const first = await promptHidden('New password: ');
    const again = await promptHidden('Again: ');
    if (first !== again) throw new AppError('invalid_request', 'the two passwords differ; nothing was changed');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  // Only the line ending that `echo` or a here-string adds is dropped; other spaces are part of it.
  const text = Buffer.concat(chunks).toString('utf8');
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  if (!firstLine) throw new AppError('invalid_request', 'no password on standard input (pipe it in, e.g. `printf %s "$PW" | oubli user set-password --email E`)');
  return firstLine;
}

/** `oubli user set-password --email E [--data-dir D]`: the password comes from standard input. */
export async function userCommand(flags: Flags, positionals: string[]): Promise<number> {
  if (positionals[0] !== 'set-password' || positionals.length !== 1) {
    throw new AppError('invalid_request', 'usage: oubli user set-password --email E [--data-dir D] (password on standard input)');
  }
  const email = flags.email;
  if (typeof email !== 'string' || !email.trim()) throw new AppError('invalid_request', '--email is required');
  const password = await readPassword();
  const rule = PasswordSchema.safeParse(password);
  if (!rule.success) throw new AppError('invalid_request', `the password ${rule.error.issues[0]!.message}; nothing was changed`);
  const store = await openForCommand(configFrom(flags), { create: false });
  try {
    const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: null };
    const r = await setPassword(ctx, { email, password });
    const ended = r.signedOut ? ` ${r.signedOut} open browser session(s) were signed out.` : '';
    console.log(`Password set for user ${r.userId}; they can sign in to the web app with their email.${ended}`);
    return 0;
  } finally {
    await store.close();
  }
}
