import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Ctx } from '../context.ts';
import type { ReceiveOutcome } from '../domain/mail/types.ts';
import { isBlockedSender } from '../domain/mail/resolve-sender.ts';
import { emailKey } from '../domain/contacts/identity-values.ts';
import { deliverRaw, smtpReply } from './deliver.ts';

// The SMTP listener (docs/email.md): mail for the support addresses becomes tickets. Refusals
// happen as early as SMTP allows, so a blocked sender's message is never even read.

export interface SmtpInOptions {
  host: string;
  /** 0 picks a free port (tests and benchmarks). */
  port: number;
  /** Largest message accepted; announced with SIZE and refused with 552 beyond it. */
  maxBytes: number;
  /**
   * Accepted recipients; empty accepts any recipient. A function is asked for each
   * recipient and each message, so a change in the account settings applies at once.
   */
  supportAddresses: string[] | (() => Promise<string[]>);
  /** Queue acknowledgements (default true). */
  notify?: boolean;
  /** Called after each stored message (the server kicks the outbox with it). */
  onStored?: (outcome: ReceiveOutcome) => void;
}

export interface SmtpIn {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, text: string): Error {
  const err = new Error(text) as Error & { responseCode: number };
  err.responseCode = code;
  return err;
}

const TEMPORARY = () => smtpError(451, '4.3.0 Temporary failure while storing the message; please try again later');

/** Starts listening; resolves once the port is bound. */
export async function startSmtpIn(ctx: Ctx, opts: SmtpInOptions): Promise<SmtpIn> {
  const given = opts.supportAddresses;
  const support = async () => new Set((typeof given === 'function' ? await given() : given).flatMap((a) => emailKey(a) ?? []));
  const server = new SMTPServer({
    banner: 'Oubli helpdesk',
    size: opts.maxBytes,
    authOptional: true,
    // No TLS certificate is configured, so STARTTLS is not offered rather than faked.
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 2_000,

    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, cb: (err?: Error | null) => void) {
      if (!address.address) return cb(); // the null return path of bounces: answered by nobody, checked after DATA
      isBlockedSender(ctx.db, [address.address]).then(
        (blocked) => cb(blocked ? smtpError(550, '5.7.1 Mail from this sender is not accepted') : null),
        (err) => {
          ctx.log.error({ errName: (err as Error)?.name }, 'smtp: sender check failed');
          cb(TEMPORARY());
        },
      );
    },

    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, cb: (err?: Error | null) => void) {
      support().then(
        (ours) => cb(ours.size && !ours.has(emailKey(address.address) ?? '') ? smtpError(550, '5.1.1 No such recipient here') : null),
        (err) => {
          ctx.log.error({ errName: (err as Error)?.name }, 'smtp: recipient check failed');
          cb(TEMPORARY());
        },
      );
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, reply: (err?: Error | null, message?: string) => void) {
      let answered = false;
      const cb = (err?: Error | null, message?: string) => {
        if (answered) return;
        answered = true;
        reply(err, message);
      };
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(c);
      });
      stream.on('error', () => cb(TEMPORARY()));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return cb(smtpError(552, `5.3.4 Message too big: the limit is ${opts.maxBytes} bytes`));
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        support()
          .then((ours) =>
            deliverRaw(ctx, raw, mailFrom, { supportAddresses: [...ours], notify: opts.notify !== false, envelopeTo: session.envelope.rcptTo.map((r) => r.address) }),
          )
          .then(
          ({ outcome, automation }) => {
            const [code, text] = smtpReply(outcome);
            ctx.log.info({ mail: outcome.kind, ticketId: 'ticketId' in outcome ? outcome.ticketId : null, automation, bytes: raw.length }, 'smtp: message handled');
            if (code !== 250) return cb(smtpError(code, text));
            opts.onStored?.(outcome);
            cb(null, text);
          },
          (err) => {
            // Nothing was stored (one transaction): a 4xx makes the sending server try again.
            ctx.log.error({ errName: (err as Error)?.name }, 'smtp: storing a message failed');
            cb(TEMPORARY());
          },
        );
      });
    },
  });
  server.on('error', (err) => ctx.log.error({ errName: err?.name, code: (err as { code?: string }).code }, 'smtp: server error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
