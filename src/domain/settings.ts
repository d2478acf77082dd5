import { z } from 'zod';
import type { Ctx } from '../context.ts';
import { readSettings, writeSettings } from '../db/queries/settings.ts';
import { invalidField } from '../errors.ts';
import { authorize, canAdminister } from './policy.ts';
import { recordEvent } from './events.ts';

// The same rules as the --support-addresses and --smtp-relay flags (src/config.ts).
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const RELAY = /^smtps?:\/\/[^/?#\s]+\/?$/;
/** What the relay password is shown as; sent back unchanged, it means "keep the stored one". */
export const MASK = '***';

// The fields without their defaults: an update names only what it changes (a default
// inside .partial() would be filled in, and written over the stored value).
const FIELDS = {
  deleted_users_retention_days: z.number().int().min(1).max(3650),
  deleted_tickets_retention_days: z.number().int().min(1).max(3650),
  spam_retention_days: z.number().int().min(1).max(3650),
  solved_to_closed_days: z.number().int().min(1).max(365),
  support_addresses: z
    .array(z.string().trim().toLowerCase())
    .max(50)
    .refine((a) => a.every((s) => ADDRESS.test(s)), 'must be email addresses')
    .transform((a) => [...new Set(a)]),
  // Mail loops (docs/email.md): more than N messages from one sender in M minutes are
  // quarantined, and nobody is acknowledged more than once in M minutes.
  mail_loop_max_messages: z.number().int().min(1).max(10_000),
  mail_loop_window_minutes: z.number().int().min(1).max(1440),
  // An empty text box in the web app means "no relay".
  smtp_relay: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z.string().regex(RELAY, 'must be smtp://[user:pass@]host:port or smtps://…').nullable(),
  ),
  // The password limit (docs/api.md "Password limit"): wrong passwords allowed per window.
  password_attempts_per_address: z.number().int().min(1).max(10000),
  password_address_window_seconds: z.number().int().min(10).max(86400),
  password_attempts_per_account: z.number().int().min(1).max(10000),
  password_account_window_seconds: z.number().int().min(10).max(86400),
};

/** Account settings with their defaults (docs/lifecycle.md; mail: docs/email.md; password limit: docs/api.md). */
export const SettingsSchema = z.object({
  deleted_users_retention_days: FIELDS.deleted_users_retention_days.default(30),
  deleted_tickets_retention_days: FIELDS.deleted_tickets_retention_days.default(30),
  spam_retention_days: FIELDS.spam_retention_days.default(30),
  solved_to_closed_days: FIELDS.solved_to_closed_days.default(4),
  support_addresses: FIELDS.support_addresses.default([]),
  smtp_relay: FIELDS.smtp_relay.default(null),
  password_attempts_per_address: FIELDS.password_attempts_per_address.default(30),
  password_address_window_seconds: FIELDS.password_address_window_seconds.default(60),
  password_attempts_per_account: FIELDS.password_attempts_per_account.default(10),
  password_account_window_seconds: FIELDS.password_account_window_seconds.default(900),
  mail_loop_max_messages: FIELDS.mail_loop_max_messages.default(10),
  mail_loop_window_minutes: FIELDS.mail_loop_window_minutes.default(10),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsUpdateSchema = z.object(FIELDS).partial().strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

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
