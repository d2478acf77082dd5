import { hostname } from 'node:os';
import { loadConfig, type Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { MailIdentity } from '../domain/mail/prepare-outbound.ts';
import { readSettingsInForce } from '../domain/settings.ts';
import { smtpSender, startOutboxLoop, type MailSender } from './outbox.ts';
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

/** The mail settings in force and where each came from. */
export interface EffectiveMail {
  supportAddresses: string[];
  smtpRelay: string | null;
  addressesFrom: 'settings' | 'flag';
  relayFrom: 'settings' | 'flag';
}

/**
 * The account setting wins when it is set; the flag or environment value is the default
 * when it is empty (docs/email.md). Read per message and per outbox pass: a cheap read.
 */
export async function effectiveMail(ctx: Pick<Ctx, 'db'>, config: Pick<Config, 'supportAddresses' | 'smtpRelay'>): Promise<EffectiveMail> {
  const s = await readSettingsInForce(ctx);
  return {
    supportAddresses: s.support_addresses.length ? s.support_addresses : config.supportAddresses,
    addressesFrom: s.support_addresses.length ? 'settings' : 'flag',
    smtpRelay: s.smtp_relay ?? config.smtpRelay ?? null,
    relayFrom: s.smtp_relay ? 'settings' : 'flag',
  };
}

export interface MailService {
  /** One line each for what the server prints at start. */
  lines: string[];
  smtpPort: number | null;
  /** Runs the outbox now: this process just committed mail (Ctx.mailQueued). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Starts mail in (SMTP listener) and out (outbox loop). The support addresses and the relay
 * are read again for each message and each send pass, so a change in Settings applies
 * without a restart. An explicitly set SMTP port that cannot be bound is an error; the
 * default one being taken is only said.
 */
export async function startMailService(ctx: Ctx, config: Config, opts: { pollMs?: number } = {}): Promise<MailService> {
  const lines: string[] = [];
  // What is in force now, for the start-up lines; without a readable database, the flags.
  const now: EffectiveMail = await effectiveMail(ctx, config).catch(() => ({
    supportAddresses: config.supportAddresses,
    smtpRelay: config.smtpRelay ?? null,
    addressesFrom: 'flag' as const,
    relayFrom: 'flag' as const,
  }));
  // One sender per relay URL, replaced when the relay setting changes.
  let current: { url: string; sender: MailSender } | null = null;
  const outbox = startOutboxLoop(ctx, {
    pollMs: opts.pollMs ?? config.mailPollMs,
    async resolve() {
      const mail = await effectiveMail(ctx, config);
      if (current && current.url !== mail.smtpRelay) {
        current.sender.close();
        current = null;
      }
      if (!mail.smtpRelay) return null;
      current ??= { url: mail.smtpRelay, sender: smtpSender(mail.smtpRelay) };
      return { sender: current.sender, identity: mailIdentity(mail) };
    },
    close: () => current?.sender.close(),
  });
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
        supportAddresses: async () => (await effectiveMail(ctx, config)).supportAddresses,
        onStored: () => outbox.kick(),
      });
      const who = now.supportAddresses.length
        ? `for ${now.supportAddresses.join(', ')} (${now.addressesFrom === 'settings' ? 'from Settings' : '--support-addresses; Settings can override'})`
        : 'for any recipient (no support addresses in Settings or --support-addresses)';
      lines.push(`Mail in: SMTP on port ${smtp.port} ${who}, messages up to ${config.mailMaxBytes} bytes.`);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      if (config.smtpPort !== undefined) {
        await outbox.stop();
        throw Object.assign(new Error(`cannot listen for SMTP on port ${port} (${code})`), { name: 'SmtpListenError' });
      }
      lines.push(`Mail in: NOT receiving mail, port ${port} is not available (${code}); set --smtp-port (0 turns SMTP off).`);
    }
  }
  const from = mailIdentity(now).from;
  lines.push(
    now.smtpRelay
      ? `Mail out: through ${relayWhere(now.smtpRelay)} as ${from} (${now.relayFrom === 'settings' ? 'relay from Settings' : '--smtp-relay; a relay set in Settings takes precedence'}).`
      : 'Mail out: no relay in Settings or --smtp-relay, so no mail is sent until one is set (acknowledgements and replies stay in the outbox).',
  );
  return {
    lines,
    smtpPort: smtp?.port ?? null,
    kick: () => outbox.kick(),
    async stop() {
      await smtp?.close();
      await outbox.stop();
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
