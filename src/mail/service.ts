import { hostname } from 'node:os';
import { loadConfig, type Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { MailIdentity } from '../domain/mail/prepare-outbound.ts';
import { smtpSender, startOutboxLoop } from './outbox.ts';
import { startSmtpIn, type SmtpIn } from './smtp-in.ts';

/** The SMTP port used when none is configured. */
export const DEFAULT_SMTP_PORT = 2525;

/** Our From address and Message-ID domain: the first support address, else one on this host. */
export function mailIdentity(config: Pick<Config, 'supportAddresses'>): MailIdentity {
  const from = config.supportAddresses[0] ?? `support@${hostname() || 'localhost'}`;
  return { from, domain: from.split('@')[1]!.toLowerCase() };
}

/** The relay's host and port, never its credentials (for what the server prints). */
function relayWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
  } catch {
    return 'the configured relay';
  }
}

export interface MailService {
  /** One line each for what the server prints at start. */
  lines: string[];
  smtpPort: number | null;
  stop(): Promise<void>;
}

/**
 * Starts mail in (SMTP listener) and out (outbox loop) as configured. An explicitly set
 * SMTP port that cannot be bound is an error; the default one being taken is only said.
 */
export async function startMailService(ctx: Ctx, config: Config, opts: { pollMs?: number } = {}): Promise<MailService> {
  const lines: string[] = [];
  const identity = mailIdentity(config);
  const outbox = config.smtpRelay
    ? startOutboxLoop(ctx, { sender: smtpSender(config.smtpRelay), identity, pollMs: opts.pollMs ?? 5_000 })
    : null;
  let smtp: SmtpIn | null = null;
  const port = config.smtpPort ?? DEFAULT_SMTP_PORT;
  if (config.smtpPort === 0) {
    lines.push('Mail in: SMTP is off (--smtp-port 0).');
  } else {
    try {
      smtp = await startSmtpIn(ctx, {
        host: config.host,
        port,
        maxBytes: config.mailMaxBytes,
        supportAddresses: config.supportAddresses,
        onStored: () => outbox?.kick(),
      });
      const who = config.supportAddresses.length ? `for ${config.supportAddresses.join(', ')}` : 'for any recipient';
      lines.push(`Mail in: SMTP on port ${smtp.port} ${who}, messages up to ${config.mailMaxBytes} bytes.`);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      if (config.smtpPort !== undefined) {
        await outbox?.stop();
        throw Object.assign(new Error(`cannot listen for SMTP on port ${port} (${code})`), { name: 'SmtpListenError' });
      }
      lines.push(`Mail in: NOT receiving mail, port ${port} is not available (${code}); set --smtp-port (0 turns SMTP off).`);
    }
  }
  lines.push(
    config.smtpRelay
      ? `Mail out: through ${relayWhere(config.smtpRelay)} as ${identity.from}.`
      : 'Mail out: no --smtp-relay configured, so no mail is sent (acknowledgements and replies stay in the outbox).',
  );
  return {
    lines,
    smtpPort: smtp?.port ?? null,
    async stop() {
      await smtp?.close();
      await outbox?.stop();
    },
  };
}

/** The mail settings with `oubli serve`'s mail flags applied over the environment. */
export function mailConfigFrom(flags: Record<string, unknown>): Pick<Config, 'smtpPort' | 'smtpRelay' | 'supportAddresses' | 'mailMaxBytes'> {
  const c = loadConfig({
    smtpPort: flags['smtp-port'],
    smtpRelay: flags['smtp-relay'],
    supportAddresses: flags['support-addresses'],
    mailMaxBytes: flags['mail-max-bytes'],
  });
  return { smtpPort: c.smtpPort, smtpRelay: c.smtpRelay, supportAddresses: c.supportAddresses, mailMaxBytes: c.mailMaxBytes };
}
