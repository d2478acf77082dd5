import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../context.ts';
import type { ReceiveOutcome } from '../domain/mail/types.ts';
import { deliverRaw } from './deliver.ts';

// `oubli import-mail`: existing mail (.eml files, directories of them, mbox files) fed
// through the same path as SMTP, for migrations and tests.

/** One message read from the input, and how far into the input it ends (for progress). */
export interface SourceMessage {
  raw: Buffer;
  /** Bytes of the whole input consumed once this message is read. */
  doneBytes: number;
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
  const take = (line: Buffer): SourceMessage | null => {
    consumed += line.length;
    let out: SourceMessage | null = null;
    if (isMboxLine(line) && prevBlank) {
      if (started && lines.length) out = { raw: trimSeparator(lines), doneBytes: consumed - line.length };
      lines = [];
      started = true;
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
  if (started && lines.length) yield { raw: trimSeparator(lines), doneBytes: consumed };
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

/** The messages of a path (an .eml file, an mbox file, or a directory of either), and its size. */
export async function openSource(path: string): Promise<{ totalBytes: number; messages: AsyncGenerator<SourceMessage> }> {
  const s = await stat(path);
  const files = s.isDirectory() ? await filesUnder(path) : [path];
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  async function* all(): AsyncGenerator<SourceMessage> {
    let before = 0;
    for (const [i, f] of files.entries()) {
      if (await looksLikeMbox(f)) {
        for await (const m of mboxMessages(f, before)) yield m;
      } else {
        yield { raw: await readFile(f), doneBytes: before + sizes[i]! };
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

/**
 * Delivers every message of `path`, one transaction each, so a failure loses only that
 * message and a rerun skips what was stored (duplicates are recognised by Message-ID).
 */
export async function importMail(
  ctx: Ctx,
  path: string,
  opts: { supportAddresses: string[]; maxBytes: number; notify: boolean; onProgress?: (doneBytes: number, totalBytes: number, messages: number) => void },
): Promise<ImportCounts> {
  const counts = emptyCounts();
  const { totalBytes, messages } = await openSource(path);
  let n = 0;
  for await (const m of messages) {
    n++;
    if (m.raw.length > opts.maxBytes) counts.too_big++;
    else {
      try {
        const { outcome } = await deliverRaw(ctx, m.raw, null, { supportAddresses: opts.supportAddresses, notify: opts.notify });
        counts[outcome.kind]++;
      } catch (err) {
        ctx.log.error({ message: n, errName: (err as Error)?.name }, 'import-mail: storing a message failed');
        counts.failed++;
      }
    }
    opts.onProgress?.(m.doneBytes, totalBytes, n);
  }
  return counts;
}
