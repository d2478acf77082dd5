import { expect, it } from 'vitest';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../context.ts';
import { loadConfig } from '../config.ts';
import { mailConfigFrom, mailIdentity, startMailService } from './service.ts';

const noDb = { db: null, caps: null, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR } as unknown as Ctx;

it('says at start that SMTP is off and that nothing is sent without a relay', async () => {
  const svc = await startMailService(noDb, loadConfig({ smtpPort: 0 }, {}));
  expect(svc.lines).toEqual([
    'Mail in: SMTP is off (--smtp-port 0).',
    'Mail out: no relay in Settings or --smtp-relay, so no mail is sent until one is set (acknowledgements and replies stay in the outbox).',
  ]);
  await svc.stop();
});

it('names the relay without its credentials', async () => {
  const svc = await startMailService(noDb, loadConfig({ smtpPort: 0, smtpRelay: 'smtp://user:s3cret@relay.example.test:2587', supportAddresses: 'Help@Oubli.test' }, {}));
  expect(svc.lines[1]).toBe('Mail out: through smtp://relay.example.test:2587 as help@oubli.test (--smtp-relay; a relay set in Settings takes precedence).');
  expect(svc.lines.join('\n')).not.toContain('s3cret');
  await svc.stop();
});

it('reads the mail settings from flags over the environment, and refuses bad ones', () => {
  expect(mailConfigFrom({ 'smtp-port': '0', 'support-addresses': 'a@x.test, B@x.test' })).toMatchObject({
    smtpPort: 0,
    supportAddresses: ['a@x.test', 'b@x.test'],
    mailMaxBytes: 25 * 1024 * 1024,
  });
  expect(mailIdentity({ supportAddresses: ['help@desk.test'] })).toEqual({ from: 'help@desk.test', domain: 'desk.test' });
  expect(() => loadConfig({ smtpRelay: 'http://nope' }, {})).toThrow(/smtpRelay/);
  expect(() => loadConfig({ supportAddresses: 'not-an-address' }, {})).toThrow(/supportAddresses/);
  expect(() => loadConfig({ smtpPort: '70000' }, {})).toThrow(/smtpPort/);
});
