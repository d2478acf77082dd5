import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { findLiveUserByEmail, findTokenOwner, getUser, touchApiToken } from '../db/queries/users.ts';
import { checkCredentials } from '../domain/auth/check-credentials.ts';
import { hashToken } from '../domain/auth/secrets.ts';
import { AppError } from '../errors.ts';
import { unstorableText } from '../shared/text.ts';
import { actorOf } from '../domain/auth/actor.ts';

async function byToken(db: Kysely<Database>, token: string, email: string | null, now: string): Promise<Actor | null> {
  const owner = await findTokenOwner(db, hashToken(token));
  if (!owner) return null;
  const user = await getUser(db, owner.user_id);
  if (!user) return null;
  if (email !== null) {
    const byEmail = await findLiveUserByEmail(db, email.toLowerCase());
    if (!byEmail || byEmail.id !== user.id) return null;
  }
  await touchApiToken(db, owner.token_id, now);
  return actorOf(user);
}

/**
 * Who is calling, from the Authorization header: Basic email/token, Basic email:password
 * or Bearer token. Null when there is no header; 401 when there is one and it is wrong.
 */
export async function authenticate(db: Kysely<Database>, req: FastifyRequest, now: string): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value = ''] = header.split(' ', 2);
  let actor: Actor | null = null;
  if (scheme?.toLowerCase() === 'bearer' && value) {
    actor = await byToken(db, value.trim(), null, now);
  } else if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Text no account can hold (a NUL: PostgreSQL cannot even be asked for it) names nobody.
    if (colon > 0 && !unstorableText(decoded)) {
      const userPart = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      if (userPart.endsWith('/token')) {
        actor = await byToken(db, secret, userPart.slice(0, -'/token'.length), now);
      } else {
        // Counted by the password limit on whatever route it arrives (429 when over it).
        const user = await checkCredentials({ db, now: () => new Date(now) }, { email: userPart, password: secret, clientAddress: req.ip });
        if (user) actor = actorOf(user);
      }
    }
  }
  if (!actor) throw new AppError('unauthenticated', "Couldn't authenticate you");
  return actor;
}
