import { silentLogger } from '../context.ts';
import { createApiToken, setupOwner } from '../domain/auth/setup-owner.ts';
import { AppError } from '../errors.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

function required(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || !v.trim()) throw new AppError('invalid_request', `--${name} is required`);
  return v;
}

/** `oubli setup`: the account owner, and a token for them as the last line of stdout. */
export async function setupCommand(flags: Flags): Promise<number> {
  const email = required(flags, 'owner-email');
  const name = required(flags, 'owner-name');
  const store = await openForCommand(configFrom(flags), { create: true });
  try {
    const ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: null };
    const r = await setupOwner(ctx, { email, name });
    console.log(r.created ? `Created the account owner (user ${r.userId}).` : `The account owner exists (user ${r.userId}); here is a new token.`);
    console.log(`Use it as: curl -u '${email}/token:TOKEN' http://localhost:8080/api/v2/users/me.json`);
    console.log(r.token);
    return 0;
  } finally {
    await store.close();
  }
}

/** `oubli token create --email E`. */
export async function tokenCommand(flags: Flags, positionals: string[]): Promise<number> {
  if (positionals[0] !== 'create' || positionals.length !== 1) {
    throw new AppError('invalid_request', 'usage: oubli token create --email E');
  }
  const email = required(flags, 'email');
  const store = await openForCommand(configFrom(flags), { create: false });
  try {
    const ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: null };
    const r = await createApiToken(ctx, { email });
    console.log(r.token);
    return 0;
  } finally {
    await store.close();
  }
}
