import { z } from 'zod';
import { AppError } from './errors.ts';

/** Everything Oubli can be configured with. Nothing else in the code reads process.env. */
export const ConfigSchema = z.object({
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  host: z.string().min(1).default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** How often the server runs the retention sweeps by itself, in seconds (0 = never). */
  sweepIntervalSeconds: z.coerce.number().int().min(0).default(3600),
  /** How often the server looks for queued background jobs, in milliseconds. */
  jobPollMs: z.coerce.number().int().min(10).default(500),
  /** How long a server's claim on a running job holds without renewal (a heartbeat renews it), in seconds. */
  jobLeaseSeconds: z.coerce.number().int().min(2).max(3600).default(10),
  /**
   * How often the outbox looks for mail queued by other processes, in milliseconds; mail
   * queued by this server's own requests wakes it at once (docs/email.md).
   */
  mailPollMs: z.coerce.number().int().min(10).default(5000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  // Mail (issue 3). smtpPort unset means the default 2525, taken only if it is free; 0 turns SMTP off.
  smtpPort: z.coerce.number().int().min(0).max(65535).optional(),
  /** The relay outgoing mail goes through, `smtp[s]://[user:pass@]host:port`; unset = nothing is sent. */
  smtpRelay: z.string().regex(/^smtps?:\/\/[^/?#\s]+\/?$/, 'must be smtp://[user:pass@]host:port or smtps://…').optional(),
  /** Addresses mail is accepted for (comma-separated); empty accepts any recipient. The first is our From. */
  supportAddresses: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean) : v),
    z.array(z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be email addresses')).default([]),
  ),
  /**
   * The reverse proxies whose X-Forwarded-Proto/-For are believed (docs/operations.md): a
   * comma-separated list of addresses or CIDR ranges (`loopback` for 127.0.0.1 and ::1).
   * Empty: none, so no client can claim another address or https.
   */
  trustProxy: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((a) => a.trim()).filter(Boolean) : v),
    z.array(z.string().regex(/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/, 'must be proxy addresses or CIDR ranges')).default([]),
  ),
  /** Largest message accepted over SMTP, in bytes (refused with 552 beyond it). */
  mailMaxBytes: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /**
   * Lets the recording fetcher reach loopback and private addresses (docs/calls.md "Fetching
   * recordings"): off by default, so a recording_url cannot probe the operator's network.
   */
  recordingFetchAllowPrivate: z.preprocess((v) => (typeof v === 'string' ? v === 'true' || v === '1' : v), z.boolean()).default(false),
  /**
   * Scales the limits on what anyone may do without signing in (docs/operations.md "Limits on
   * public endpoints"): 2 allows twice as much; 0 turns them off, for a proxy that limits already.
   */
  publicLimitScale: z.coerce.number().min(0).max(1000).default(1),
  /** How often the recording fetcher looks for recordings queued by other processes, in milliseconds. */
  recordingFetchPollMs: z.coerce.number().int().min(10).default(5000),
  /**
   * Lets webhooks go to loopback and private addresses (docs/webhooks.md "Endpoints"): off by
   * default, so a webhook cannot probe the operator's network.
   */
  webhookAllowPrivate: z.preprocess((v) => (typeof v === 'string' ? v === 'true' || v === '1' : v), z.boolean()).default(false),
  /** How long a webhook request may take, in milliseconds (Zendesk allows 12 s). */
  webhookTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the webhook deliverer looks for retries that fell due, in milliseconds. */
  webhookPollMs: z.coerce.number().int().min(10).default(2000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Reads the configuration from the environment, then lets explicit overrides (flags) win. */
export function loadConfig(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const fromEnv: Record<string, unknown> = {
    dataDir: env.OUBLI_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.OUBLI_HOST,
    port: env.PORT,
    sweepIntervalSeconds: env.OUBLI_SWEEP_INTERVAL_SECONDS,
    jobPollMs: env.OUBLI_JOB_POLL_MS,
    jobLeaseSeconds: env.OUBLI_JOB_LEASE_SECONDS,
    mailPollMs: env.OUBLI_MAIL_POLL_MS,
    logLevel: env.OUBLI_LOG_LEVEL,
    smtpPort: env.OUBLI_SMTP_PORT || undefined,
    smtpRelay: env.OUBLI_SMTP_RELAY || undefined,
    supportAddresses: env.OUBLI_SUPPORT_ADDRESSES || undefined,
    mailMaxBytes: env.OUBLI_MAIL_MAX_BYTES || undefined,
    trustProxy: env.OUBLI_TRUST_PROXY || undefined,
    recordingFetchAllowPrivate: env.OUBLI_RECORDING_FETCH_ALLOW_PRIVATE || undefined,
    recordingFetchPollMs: env.OUBLI_RECORDING_FETCH_POLL_MS || undefined,
    publicLimitScale: env.OUBLI_PUBLIC_LIMIT_SCALE || undefined,
    webhookAllowPrivate: env.OUBLI_WEBHOOK_ALLOW_PRIVATE || undefined,
    webhookTimeoutMs: env.OUBLI_WEBHOOK_TIMEOUT_MS || undefined,
    webhookPollMs: env.OUBLI_WEBHOOK_POLL_MS || undefined,
  };
  // A flag that was not given is undefined: it must not hide the environment's value.
  const merged: Record<string, unknown> = {};
  for (const source of [fromEnv, overrides]) {
    for (const [k, v] of Object.entries(source)) {
      if (v !== undefined) merged[k] = v;
    }
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_request', `invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
