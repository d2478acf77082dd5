import { existsSync } from 'node:fs';
import { SYSTEM_ACTOR, silentLogger } from '../context.ts';
import { AppError } from '../errors.ts';
import { importMail, type ImportCounts, type NotStored } from '../mail/import.ts';
import { mailConfigFrom } from '../mail/service.ts';
import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** Inputs at least this big get a progress bar on a terminal (or always with --progress). */
const BAR_FROM_BYTES = 1024 * 1024;

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
export function progressBar(stream: NodeJS.WriteStream | { write(s: string): unknown }, width = 30) {
  let last = 0;
  let drawn = false;
  return {
    update(done: number, total: number, messages: number, force = false) {
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const full = Math.round(share * width);
      stream.write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(share * 100)}% ${messages} messages`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}

/** The summary lines: counts only, never a subject or an address. */
export function summaryLines(c: ImportCounts): string[] {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  return [
    `Imported ${total} messages:`,
    `  ${c.created} new tickets, ${c.followup} follow-ups of closed tickets, ${c.comment} replies added to tickets, ${c.quarantined} quarantined (mail loop)`,
    `  ${c.duplicate} already stored, ${c.dropped_erased} of erased tickets dropped, ${c.dropped_own} of our own dropped`,
    `  ${c.refused_suspended} refused (suspended sender), ${c.refused_erased_thread} refused (reply to an erased ticket), ${c.refused_no_sender} refused (no sender address)`,
    `  ${c.too_big} over the size limit, ${c.refused_unreadable} refused (over the parser's limits or unreadable), ${c.failed} failed (database error: run the import again to retry them)`,
  ];
}

/** `oubli import-mail PATH [--notify] [--progress]`: .eml files, directories of them, or mbox files. */
export async function importMailCommand(flags: Flags, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new AppError('invalid_request', 'usage: oubli import-mail FILE.eml|DIR|FILE.mbox [--data-dir D]');
  const path = positionals[0]!;
  if (!existsSync(path)) throw new AppError('not_found', `no such file or directory: ${path}`);
  const mail = mailConfigFrom(flags);
  const store = await openForCommand(configFrom(flags), { create: false });
  const bar = progressBar(process.stderr);
  try {
    const ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR };
    const show = flags.progress === true || process.stderr.isTTY === true;
    const skipped: NotStored[] = [];
    const counts = await importMail(ctx, path, {
      supportAddresses: mail.supportAddresses,
      maxBytes: mail.mailMaxBytes,
      // Old mail is not acknowledged unless asked: a migration must not write to every customer.
      notify: flags.notify === true,
      onProgress: (done, total, n) => {
        if (show && (flags.progress === true || total >= BAR_FROM_BYTES)) bar.update(done, total, n, done >= total);
      },
      onNotStored: (m) => skipped.push(m),
    });
    bar.end();
    for (const line of summaryLines(counts)) console.log(line);
    if (skipped.length) console.log('Not stored:');
    for (const m of skipped) console.log(`  ${m.where}: ${m.reason}`);
    // Refusals are decisions (as SMTP's 550s are); a message that could not be stored is not.
    const lost = counts.failed + counts.too_big;
    if (lost) console.error(`oubli import-mail: ${lost} of the messages could not be stored (listed above)`);
    return lost ? 1 : 0;
  } finally {
    await store.close();
  }
}
