import type { Kysely } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { deleteSessionByHash, findLiveSession, touchSession } from '../../db/queries/sessions.ts';
import { actorOf } from './actor.ts';
import { hashToken } from './secrets.ts';
import { SESSION_TOUCH_MS, sessionExpiry } from './session-rules.ts';

/**
 * Who a session cookie stands for, or null. A session of someone since suspended, deleted
 * or erased is removed on sight, so their open browser loses access at its next request.
 */
export async function resolveSession(db: Kysely<Database>, token: string, now: Date): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  const row = await findLiveSession(db, hash, now.toISOString());
  if (!row) return null;
  const actor = row.erased_at ? null : actorOf(row);
  if (!actor || actor.role === 'end-user') {
    await deleteSessionByHash(db, hash);
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) >= SESSION_TOUCH_MS) {
    await touchSession(db, row.session_id, now.toISOString(), sessionExpiry(new Date(row.session_created_at), now).toISOString());
  }
  return actor;
}
