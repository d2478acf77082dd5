import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { checkApiToken } from '../domain/auth/check-api-token.ts';
import { checkCredentials } from '../domain/auth/check-credentials.ts';
import { AppError } from '../errors.ts';
import { unstorableText } from '../shared/text.ts';
import { actorOf } from '../domain/auth/actor.ts';

/**
 * Who is calling, from the Authorization header: Basic email/token, Basic email:password
 * or Bearer token. Null when there is no header; 401 when there is one and it is wrong.
 */
export async function authenticate(db: Kysely<Database>, req: FastifyRequest, now: string): Promise<Actor | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value = ''] = header.split(' ', 2);
  const ctx = { db, now: () => new Date(now) };
  let actor: Actor | null = null;
  if (scheme?.toLowerCase() === 'bearer' && value) {
    actor = await checkApiToken(ctx, { token: value.trim(), email: null });
  } else if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Text no account can hold (a NUL: PostgreSQL cannot even be asked for it) names nobody.
    if (colon > 0 && !unstorableText(decoded)) {
      const userPart = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      if (userPart.endsWith('/token')) {
        actor = await checkApiToken(ctx, { token: secret, email: userPart.slice(0, -'/token'.length) });
      } else {
        // Counted by the password limit on whatever route it arrives (429 when over it).
        const user = await checkCredentials(ctx, { email: userPart, password: secret, clientAddress: req.ip });
        if (user) actor = actorOf(user);
      }
    }
  }
  if (!actor) throw new AppError('unauthenticated', "Couldn't authenticate you");
  return actor;
}
