import { z } from 'zod';

// Account settings as the API answers them and an admin changes them, shared by the server
// (src/domain/settings.ts reads and writes them) and the web app's Settings page.

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
  // Chats older than this many days are deleted whole (docs/chat.md); null: kept until deleted.
  // The web app's text box sends what was typed: "" is off, digits are the number.
  chat_retention_days: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
    z.number().int().min(1).max(3650).nullable(),
  ),
  // Satisfaction (docs/satisfaction.md): the CSAT survey mail of a solved ticket, sent this many
  // hours after it was solved; and the address the survey links point at (https://help.example.com).
  satisfaction_enabled: z.boolean(),
  satisfaction_delay_hours: z.number().int().min(0).max(24 * 28),
  public_url: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().replace(/\/+$/, '')) : v),
    z.string().regex(/^https?:\/\/[^/?#\s]+$/, 'must be http(s)://host[:port], with no path').nullable(),
  ),
};

/** Account settings with their defaults (retention: docs/lifecycle.md; mail: docs/email.md; password limit: docs/api.md). */
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
  chat_retention_days: FIELDS.chat_retention_days.default(null),
  satisfaction_enabled: FIELDS.satisfaction_enabled.default(false),
  satisfaction_delay_hours: FIELDS.satisfaction_delay_hours.default(24),
  public_url: FIELDS.public_url.default(null),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsUpdateSchema = z.object(FIELDS).partial().strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;
