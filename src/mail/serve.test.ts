import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { startServer, type RunningServer } from '../../test/server.ts';
import { freePort, smtpClient, startRelay, type Relay } from '../../test/smtp.ts';

// `oubli serve` as a user starts it: SMTP in on the given port, acknowledgements out
// through the given relay, and the ticket visible over the API.
describeEachDb('oubli serve with mail', (kind) => {
  let server: RunningServer | null = null;
  let relay: Relay | null = null;
  afterEach(async () => {
    await server?.stop();
    await relay?.close();
    server = null;
    relay = null;
  });

  it('receives over SMTP, answers through the relay, and shows the ticket over the API', async () => {
    relay = await startRelay();
    const smtpPort = await freePort();
    server = await startServer(kind, ['--smtp-port', String(smtpPort), '--smtp-relay', relay.url, '--support-addresses', 'help@oubli.test']);
    const client = smtpClient(smtpPort);
    await expect(client.sendMail({ from: 'someone@example.test', to: 'nobody@oubli.test', subject: 'x', text: 'y' })).rejects.toMatchObject({
      responseCode: 550,
    });
    const info = await client.sendMail({ from: 'Quinn <quinn@example.test>', to: 'help@oubli.test', subject: 'Over the wire', text: 'hello' });
    client.close();
    expect(info.response).toMatch(/^250/);
    for (let i = 0; i < 200 && relay.caught.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(relay.caught).toHaveLength(1);
    expect(relay.caught[0]!.to).toEqual(['quinn@example.test']);
    expect(relay.caught[0]!.envelopeFrom).toBe('help@oubli.test');
    const auth = `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
    const res = await fetch(`${server.baseUrl}/api/v2/tickets`, { headers: { authorization: auth } });
    const body = (await res.json()) as { tickets: { subject: string; via: { channel: string } }[] };
    expect(body.tickets.map((x) => [x.subject, x.via.channel])).toEqual([['Over the wire', 'email']]);
  }, 60_000);

  it('refuses to start when an explicitly chosen SMTP port is taken', async () => {
    relay = await startRelay();
    const busy = await startServer(kind, ['--smtp-port', String(relay.port)]).catch((e: Error) => e);
    expect(busy).toBeInstanceOf(Error);
    expect(String((busy as Error).message)).toMatch(/cannot listen for SMTP on port \d+ \(EADDRINUSE\)/);
  }, 60_000);
});
