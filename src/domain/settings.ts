import type { Ctx } from '../context.ts';
import { readSettings, writeSettings } from '../db/queries/settings.ts';
import { invalidField } from '../errors.ts';
import { authorize, canAdminister } from './policy.ts';
import { recordEvent } from './events.ts';
import { MASK, SettingsSchema, type Settings, type SettingsUpdate } from '../shared/settings.ts';

export { MASK, SettingsSchema, SettingsUpdateSchema, type Settings, type SettingsUpdate } from '../shared/settings.ts';

interface RelayParts {
  scheme: string;
  user: string | null;
  pass: string | null;
  host: string;
}

function relayParts(url: string): RelayParts | null {
  const m = /^(smtps?:\/\/)(?:([^:@]*)(?::(.*))?@)?([^@]+)$/.exec(url);
  return m ? { scheme: m[1]!, user: m[2] ?? null, pass: m[3] ?? null, host: m[4]! } : null;
}

/** The relay as it may be shown: the password replaced by ***. */
export function maskRelay(url: string | null): string | null {
  if (!url) return url;
  const p = relayParts(url);
  if (!p || p.pass === null) return url;
  return `${p.scheme}${p.user ?? ''}:${MASK}@${p.host}`;
}

/** The settings in force, secrets included: for the server's own use (mail), never to be shown. */
export async function readSettingsInForce(ctx: Pick<Ctx, 'db'>): Promise<Settings> {
  const stored = await readSettings(ctx.db);
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape)) {
    if (key in stored) known[key] = stored[key];
  }
  return SettingsSchema.parse(known);
}

/** The settings in force as they are shown: stored values over the defaults, the relay password masked. */
export async function getSettings(ctx: Pick<Ctx, 'db'>): Promise<Settings> {
  const s = await readSettingsInForce(ctx);
  return { ...s, smtp_relay: maskRelay(s.smtp_relay) };
}

/**
 * A relay sent back with the masked password gets the stored password again, but only for
 * the same user, host and port: moving the relay elsewhere needs the password typed again,
 * so it cannot be sent to a server of someone's choosing.
 */
function keepStoredPassword(next: string, stored: string | null): string {
  const n = relayParts(next);
  if (!n || n.pass !== MASK) return next;
  const s = stored ? relayParts(stored) : null;
  if (!s || s.pass === null || s.user !== n.user || s.host.replace(/\/$/, '') !== n.host.replace(/\/$/, '') || s.scheme !== n.scheme) {
    throw invalidField('smtp_relay', 'smtp_relay: type the password again (it is kept only while the relay user, host and port stay the same)');
  }
  return `${n.scheme}${n.user ?? ''}:${s.pass}@${n.host}`;
}

/** Changes some settings (admins only). */
export async function updateSettings(ctx: Ctx, input: SettingsUpdate): Promise<Settings> {
  authorize(canAdminister(ctx.actor!));
  const values: Record<string, unknown> = { ...input };
  if (typeof input.smtp_relay === 'string') {
    values.smtp_relay = keepStoredPassword(input.smtp_relay, (await readSettingsInForce(ctx)).smtp_relay);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await writeSettings(trx, values, ctx.now().toISOString());
    await recordEvent(ctx, trx, {
      action: 'settings.updated',
      subjectType: 'account',
      subjectId: null,
      details: { fields: Object.keys(input) },
    });
  });
  return getSettings(ctx);
}
