import { SYSTEM_ACTOR, type Ctx, type Logger } from '../context.ts';
import { ownerExists } from '../db/queries/users.ts';
import { ownerHasPassword } from '../db/queries/sessions.ts';
import { ticketsWithoutFacts } from '../db/queries/reports-facts.ts';
import { buildApp } from '../http/app.ts';
import { startJobLoop } from '../jobs/runner.ts';
import { runSweeps } from '../jobs/sweeps.ts';
import { startRecordingFetcher } from '../jobs/recording-fetcher.ts';
import { startWebhookDeliverer } from '../jobs/webhook-deliverer.ts';
import { mailConfigFrom, startMailService } from '../mail/service.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** `oubli serve`: API, job runner and scheduled sweeps, until SIGINT/SIGTERM. */
export async function serveCommand(flags: Flags): Promise<number> {
  const config = configFrom(flags);
  const store = await openForCommand(config, { create: true });
  const mailConfig = mailConfigFrom(flags);
  // Mail committed by this process's requests and jobs wakes its outbox at once (the poll is
  // for other processes'); until the outbox runs, its first pass finds what was queued.
  let wakeOutbox = (): void => {};
  const mailQueued = () => wakeOutbox();
  const webhooks = { allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutMs };
  let wakeFetcher = (): void => {};
  const recordingQueued = () => wakeFetcher();
  const app = await buildApp({ store, now: () => new Date(), logger: { level: config.logLevel }, trustProxy: config.trustProxy, publicLimitScale: config.publicLimitScale, smtpRelay: mailConfig.smtpRelay ?? null, mailFrom: mailConfig.supportAddresses[0] ?? null, mailQueued, recordingQueued, webhooks });
  const log = app.log as unknown as Logger;
  const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint, mailQueued, recordingQueued, webhooks };
  const mail = await startMailService(ctx, { ...config, ...mailConfig }).catch(async (err) => {
    await app.close();
    await store.close();
    throw err;
  });
  wakeOutbox = mail.kick;
  // Call recordings named by URL are downloaded after their ticket commits (docs/calls.md).
  const fetcher = startRecordingFetcher(ctx, { pollMs: config.recordingFetchPollMs, allowPrivate: config.recordingFetchAllowPrivate });
  wakeFetcher = fetcher.kick;
  // Webhook events go out after their action commits (docs/webhooks.md); the change feed wakes it.
  const deliverer = startWebhookDeliverer(ctx, { ...webhooks, pollMs: config.webhookPollMs, changes: store.changes });
  const jobs = startJobLoop(ctx, config.jobPollMs, config.jobLeaseSeconds * 1000);
  let sweepTimer: NodeJS.Timeout | undefined;
  if (config.sweepIntervalSeconds > 0) {
    const sweep = () =>
      runSweeps(ctx, { dryRun: false })
        .then((r) => {
          if (r.lines.length) log.info({ sweep: r.lines.length }, 'retention sweep done');
          // The retention watchdog's finding (docs/reports.md): counts only; the audit log has the ids.
          if (r.overdue) log.warn({ count: r.overdue.length }, 'retention watchdog: rules overdue');
        })
        .catch((err) => log.error({ errName: (err as Error).name }, 'retention sweep failed'));
    sweepTimer = setInterval(() => void sweep(), config.sweepIntervalSeconds * 1000);
    sweepTimer.unref();
    void sweep();
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  const durability = await store.durability();
  // One write, so that whoever waits for the first line has the second too.
  const durable = durability.durable ? `Commits are durable (${durability.setting}).` : `Commits are NOT durable (${durability.setting}): a power loss can lose acknowledged mail and tickets.`;
  console.log(`Oubli is serving http://localhost:${port}/ (API under /api/v2) on ${where}.\n${durable}`);
  for (const line of mail.lines) console.log(line);
  if (!(await ownerExists(store.db))) {
    console.log("No account owner yet: run `npx oubli setup --owner-email you@example.com --owner-name 'Your Name'`,");
    console.log('then `npx oubli user set-password --email you@example.com` to sign in to the web app.');
  } else if (!(await ownerHasPassword(store.db))) {
    console.log(`To sign in at http://localhost:${port}/, set the owner's password: npx oubli user set-password --email <owner email>`);
  }
  // A database from before the reports (migration 040): its tickets count once backfilled.
  const unreported = await ticketsWithoutFacts(store.db);
  if (unreported) console.log(`${unreported} tickets from before the reports have no figures yet: run \`npx oubli reports-backfill\` once (docs/reports.md, "Backfill").`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (sweepTimer) clearInterval(sweepTimer);
  await mail.stop();
  await jobs.stop();
  await fetcher.stop();
  await deliverer.stop();
  await app.close();
  await store.close();
  return 0;
}
