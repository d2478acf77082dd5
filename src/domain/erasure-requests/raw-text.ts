import { simpleParser } from 'mailparser';
import libmime from 'libmime';
import { visibleText } from '../redaction/text-match.ts';

// The text a stored raw email holds, decoded, for finding terms in it: every header line
// (RFC 2047 words decoded: a sender's name is usually there), the text and the HTML a reader
// sees, and attachment file names. Redaction of a comment reaches the same places
// (src/domain/redaction/raw-mail.ts), so a string found here can be redacted there.

/** The searchable text of a raw message; empty when it cannot be parsed. */
export async function rawMessageText(raw: Buffer): Promise<string> {
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const headers = parsed.headerLines.map((h) => {
      try {
        return libmime.decodeWords(h.line.replace(/\r?\n[ \t]/g, ' '));
      } catch {
        return h.line;
      }
    });
    const html = typeof parsed.html === 'string' ? visibleText(parsed.html) : '';
    const names = parsed.attachments.map((a) => a.filename ?? '');
    return [...headers, parsed.text ?? '', html, ...names].join('\n');
  } catch {
    return '';
  }
}
