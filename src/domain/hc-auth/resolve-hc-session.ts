import type { Kysely } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { deleteSessionByHash, findLiveSession, touchSession } from '../../db/queries/sessions.ts';
import { actorOf } from '../auth/actor.ts';
import { hashToken } from '../auth/secrets.ts';
import { SESSION_TOUCH_MS, sessionExpiry } from '../auth/session-rules.ts';

/**
 * The end user a help-centre session cookie stands for, or null. Only end users' sessions
 * count here (staff sign in to the agent app, whose cookie /hc also reads); a session of
 * someone since suspended, deleted or erased, or no longer an end user, is removed on sight.
 */
export async function resolveHcSession(db: Kysely<Database>, token: string, now: Date): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  const row = await findLiveSession(db, hash, now.toISOString());
  if (!row) return null;
  const actor = row.erased_at ? null : actorOf(row);
  if (!actor || actor.role !== 'end-user') {
    await deleteSessionByHash(db, hash);
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) >= SESSION_TOUCH_MS) {
    await touchSession(db, row.session_id, now.toISOString(), sessionExpiry(new Date(row.session_created_at), now).toISOString());
  }
  return actor;
}
