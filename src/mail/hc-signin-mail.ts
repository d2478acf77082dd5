import nodemailer from 'nodemailer';

// The help centre's sign-in link goes out at once, through the relay, not through the outbox:
// the link's secret is never stored (only its hash is), so no queued row could hold it.
// A failure is reported as a code only; the caller answers as if it had gone, so the form
// never tells which addresses have accounts.

export interface SigninMail {
  relayUrl: string;
  from: string;
  to: { name: string; address: string };
  link: string;
  minutes: number;
}

/** Sends the sign-in link; true when the relay took it. */
export async function sendSigninMail(m: SigninMail): Promise<boolean> {
  const transport = nodemailer.createTransport({ url: m.relayUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  try {
    await transport.sendMail({
      from: m.from,
      to: { name: m.to.name, address: m.to.address },
      subject: 'Your sign-in link for the Help Center',
      text: `Hello,\n\nFollow this link to sign in to the Help Center. It works once, for ${m.minutes} minutes:\n\n${m.link}\n\nIf you did not ask for it, ignore this mail: nobody can sign in without it.\n`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    return true;
  } catch {
    return false;
  } finally {
    transport.close();
  }
}
