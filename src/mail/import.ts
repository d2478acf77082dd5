import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import type { ReceiveOutcome } from '../domain/mail/types.ts';
import { deliverRaw } from './deliver.ts';

// `oubli import-mail`: existing mail (.eml files, directories of them, mbox files) fed
// through the same path as SMTP, for migrations and tests.

/** One message read from the input, and how far into the input it ends (for progress). */
export interface SourceMessage {
  raw: Buffer;
  /** Bytes of the whole input consumed once this message is read. */
  doneBytes: number;
  /** Where it is in its mbox file: its number (from 1) and the byte its `From ` line starts at. */
  mbox?: { index: number; byte: number };
}

const FROM_LINE = Buffer.from('From ');

function isMboxLine(line: Buffer): boolean {
  return line.subarray(0, 5).equals(FROM_LINE);
}

/** mboxrd/mboxo quoting: `>From ` (any number of `>`) loses one `>`. */
function unquote(line: Buffer): Buffer {
  let i = 0;
  while (line[i] === 0x3e) i++;
  return i > 0 && line.subarray(i, i + 5).equals(FROM_LINE) ? line.subarray(1) : line;
}

/** Drops the blank line that separates a message from the next `From ` line. */
function trimSeparator(lines: Buffer[]): Buffer {
  const last = lines[lines.length - 1];
  if (last && (last.equals(Buffer.from('\n')) || last.equals(Buffer.from('\r\n')))) lines.pop();
  return Buffer.concat(lines);
}

/**
 * Splits an mbox file into messages as it streams, byte for byte (8-bit mail is not
 * re-decoded). A message starts at a `From ` line at the top or after a blank line.
 */
export async function* mboxMessages(path: string, offset = 0): AsyncGenerator<SourceMessage> {
  let carry = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let started = false;
  let prevBlank = true;
  let consumed = offset;
  let index = 0;
  let startByte = 0;
  const current = (doneBytes: number): SourceMessage => ({ raw: trimSeparator(lines), doneBytes, mbox: { index, byte: startByte } });
  const take = (line: Buffer): SourceMessage | null => {
    consumed += line.length;
    let out: SourceMessage | null = null;
    if (isMboxLine(line) && prevBlank) {
      if (started && lines.length) out = current(consumed - line.length);
      lines = [];
      started = true;
      index++;
      startByte = consumed - line.length - offset;
    } else if (started) {
      lines.push(unquote(line));
    }
    prevBlank = line.length <= 2 && (line[0] === 0x0a || (line[0] === 0x0d && line[1] === 0x0a));
    return out;
  };
  for await (const chunk of createReadStream(path)) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      const m = take(buf.subarray(start, nl + 1));
      start = nl + 1;
      if (m) yield m;
    }
    carry = Buffer.from(buf.subarray(start));
  }
  if (carry.length) {
    const m = take(carry);
    if (m) yield m;
  }
  if (started && lines.length) yield current(consumed);
}

/** Whether a file is an mbox: by its name, or by its first line. */
async function looksLikeMbox(path: string): Promise<boolean> {
  if (/\.mbox$/i.test(path)) return true;
  if (/\.eml$/i.test(path)) return false;
  const fd = createReadStream(path, { start: 0, end: 4 });
  const chunks: Buffer[] = [];
  for await (const c of fd) chunks.push(c as Buffer);
  return Buffer.concat(chunks).equals(FROM_LINE);
}

/** Every regular file under a directory, sorted, hidden ones left out. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** A message of the input with the file it is in (as given, or relative to the directory given). */
export type PlacedMessage = SourceMessage & { file: string };

/** The messages of a path (an .eml file, an mbox file, or a directory of either), and its size. */
export async function openSource(path: string): Promise<{ totalBytes: number; messages: AsyncGenerator<PlacedMessage> }> {
  const s = await stat(path);
  const files = s.isDirectory() ? await filesUnder(path) : [path];
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const label = (f: string) => (s.isDirectory() ? relative(path, f) : basename(f));
  async function* all(): AsyncGenerator<PlacedMessage> {
    let before = 0;
    for (const [i, f] of files.entries()) {
      if (await looksLikeMbox(f)) {
        for await (const m of mboxMessages(f, before)) yield { ...m, file: label(f) };
      } else {
        yield { raw: await readFile(f), doneBytes: before + sizes[i]!, file: label(f) };
      }
      before += sizes[i]!;
    }
  }
  return { totalBytes, messages: all() };
}

export type ImportCounts = Record<ReceiveOutcome['kind'] | 'too_big' | 'failed', number>;

export function emptyCounts(): ImportCounts {
  return {
    created: 0,
    followup: 0,
    comment: 0,
    quarantined: 0,
    duplicate: 0,
    dropped_erased: 0,
    dropped_own: 0,
    refused_suspended: 0,
    refused_erased_thread: 0,
    refused_no_sender: 0,
    refused_unreadable: 0,
    too_big: 0,
    failed: 0,
  };
}

/** A message that was not stored: where it is, and why (words and codes, never its content). */
export interface NotStored {
  /** `file`, or `file message N (byte B)` for a message of an mbox. */
  where: string;
  kind: keyof ImportCounts;
  reason: string;
}

/** Outcomes that leave the message in the database (a duplicate already was). */
const STORED = new Set<string>(['created', 'followup', 'comment', 'duplicate']);

const REASONS: Partial<Record<keyof ImportCounts, string>> = {
  refused_suspended: 'refused: the sender is suspended',
  refused_erased_thread: 'refused: it replies to an erased ticket',
  refused_no_sender: 'refused: it has no sender address',
  dropped_erased: 'dropped: it belongs to an erased ticket',
  dropped_own: 'dropped: it is our own mail come back',
};

/** Why storing failed, by kind only: a database message can quote the values of a row. */
function failureReason(err: unknown): string {
  if (err instanceof AppError) return `${err.code.replace(/_/g, ' ')}; run the import again to retry it`;
  const e = err as { name?: string; code?: unknown };
  const code = typeof e?.code === 'string' ? ` ${e.code}` : '';
  return `database error (${e?.name ?? 'Error'}${code}); run the import again to retry it`;
}

/** Where a message is, for a report. */
function placeOf(m: PlacedMessage): string {
  return m.mbox ? `${m.file} message ${m.mbox.index} (byte ${m.mbox.byte})` : m.file;
}

/**
 * Delivers every message of `path`, one transaction each, so a failure loses only that
 * message and a rerun skips what was stored: duplicates are recognised by Message-ID, and
 * a message without one by a hash of its bytes (parse.ts). Each message not stored is told
 * to `onNotStored` with its place and the reason.
 */
export async function importMail(
  ctx: Ctx,
  path: string,
  opts: {
    supportAddresses: string[];
    maxBytes: number;
    notify: boolean;
    onProgress?: (doneBytes: number, totalBytes: number, messages: number) => void;
    onNotStored?: (m: NotStored) => void;
  },
): Promise<ImportCounts> {
  const counts = emptyCounts();
  const { totalBytes, messages } = await openSource(path);
  let n = 0;
  const notStored = (m: PlacedMessage, kind: keyof ImportCounts, reason: string) => opts.onNotStored?.({ where: placeOf(m), kind, reason });
  for await (const m of messages) {
    n++;
    if (m.raw.length > opts.maxBytes) {
      counts.too_big++;
      notStored(m, 'too_big', `${m.raw.length} bytes, over the limit of ${opts.maxBytes}`);
    } else {
      try {
        const { outcome } = await deliverRaw(ctx, m.raw, null, { supportAddresses: opts.supportAddresses, notify: opts.notify });
        counts[outcome.kind] = (counts[outcome.kind] ?? 0) + 1;
        if (!STORED.has(outcome.kind)) notStored(m, outcome.kind, REASONS[outcome.kind] ?? outcome.kind.replace(/_/g, ' '));
      } catch (err) {
        ctx.log.error({ message: n, errName: (err as Error)?.name }, 'import-mail: storing a message failed');
        counts.failed++;
        notStored(m, 'failed', failureReason(err));
      }
    }
    opts.onProgress?.(m.doneBytes, totalBytes, n);
  }
  return counts;
}
