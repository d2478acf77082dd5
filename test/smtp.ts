import { createServer, connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

// Helpers for the mail tests and the benchmark: a real SMTP relay that catches what Oubli
// sends, a nodemailer client, and a raw SMTP client for what nodemailer would never send.

export interface CaughtMail {
  envelopeFrom: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface Relay {
  port: number;
  url: string;
  caught: CaughtMail[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback standing in for the outgoing relay; `port` 0 picks one. */
export async function startRelay(port = 0): Promise<Relay> {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        // A message the parser refuses is answered with an error, not left hanging.
        simpleParser(raw).then(
          (parsed) => {
            caught.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            cb();
          },
          (err: Error) => cb(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    caught,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it (for "the relay is down"). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const addr = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/** A nodemailer transport to Oubli's SMTP listener. */
export function smtpClient(port: number, pool = false, maxConnections = 1) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool,
    maxConnections,
    maxMessages: Infinity,
  } as never);
}

export interface SmtpAnswer {
  code: number;
  text: string;
}

/**
 * A minimal SMTP client that sends exactly what it is given, for malformed messages,
 * 8-bit headers, oversized data without SIZE and raw envelopes. Returns every reply.
 */
export async function rawSmtp(port: number, steps: { mailFrom: string; mailParams?: string; rcptTo: string[]; data?: Buffer | string }): Promise<SmtpAnswer[]> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  const waiting: ((a: SmtpAnswer) => void)[] = [];
  const ready: SmtpAnswer[] = [];
  socket.on('data', (d) => {
    buffer += d.toString('latin1');
    for (;;) {
      const m = /^(\d{3}) (.*)\r\n/m.exec(buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      const answer = { code: Number(m[1]), text: buffer.slice(0, end).trim() };
      buffer = buffer.slice(end);
      const w = waiting.shift();
      if (w) w(answer);
      else ready.push(answer);
    }
  });
  const next = () =>
    new Promise<SmtpAnswer>((resolve, reject) => {
      const r = ready.shift();
      if (r) return resolve(r);
      waiting.push(resolve);
      socket.once('error', reject);
    });
  const send = (line: string | Buffer) => socket.write(line);
  const out: SmtpAnswer[] = [];
  try {
    out.push(await next());
    send('EHLO test.local\r\n');
    out.push(await next());
    send(`MAIL FROM:<${steps.mailFrom}>${steps.mailParams ? ` ${steps.mailParams}` : ''}\r\n`);
    const mail = await next();
    out.push(mail);
    if (mail.code >= 400) return out;
    let accepted = 0;
    for (const r of steps.rcptTo) {
      send(`RCPT TO:<${r}>\r\n`);
      const a = await next();
      out.push(a);
      if (a.code < 400) accepted++;
    }
    if (!accepted || steps.data === undefined) return out;
    send('DATA\r\n');
    const go = await next();
    out.push(go);
    if (go.code !== 354) return out;
    const body = Buffer.isBuffer(steps.data) ? steps.data : Buffer.from(steps.data, 'utf8');
    // Dot-stuffing: a line that starts with "." gets a second one.
    const stuffed = Buffer.from(body.toString('latin1').replace(/(^|\r\n)\./g, '$1..'), 'latin1');
    send(stuffed);
    send(body.subarray(-2).toString('latin1') === '\r\n' ? '.\r\n' : '\r\n.\r\n');
    out.push(await next());
    send('QUIT\r\n');
    return out;
  } finally {
    socket.end();
  }
}
