import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { hashMessageId } from '../mail/message-ids.ts';
import { rewriteRawMessage } from './raw-mail.ts';
import { ERASED_MAILBOX, personInMail } from './raw-mail-headers.ts';
import { redactionPattern } from './text-match.ts';

// An erased person leaving a stored message's headers (issue 9, item 4): mailboxes, message
// ids, Content-IDs and their cid: links; and a string redaction reaching the id headers.

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

const message = crlf(`Received: from mail.anna-dupont.test (mail.anna-dupont.test [192.0.2.1]) by mx for <support@oubli.test>
From: Bob Keeps <bob@keeps.test>
To: support@oubli.test
Cc: =?UTF-8?Q?Ren=C3=A9e_Dupont?= <Renee@Anna-Dupont.test>, "Carl, the other" <carl@other.test>
Reply-To: bob@keeps.test
Subject: About what renee@anna-dupont.test said on anna-dupont.test
Message-ID: <bob.2@keeps.test>
In-Reply-To: <CAF.1@mail.anna-dupont.test>
References: <first@keeps.test>
 <CAF.1@mail.anna-dupont.test>
MIME-Version: 1.0
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>See the picture <img src="cid:img.1@anna-dupont.test"> from the team.</p>
--rel
Content-Type: image/png
Content-ID: <img.1@anna-dupont.test>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--rel--
`);

describe('an erased person leaves the headers of a stored email', () => {
  const person = personInMail(['renee@anna-dupont.test']);

  it('replaces their mailbox, their ids and their addresses, and leaves everyone else', async () => {
    const r = await rewriteRawMessage(message, { person });
    expect(r.changed).toBe(true);
    const text = r.data.toString('latin1');
    // Only the subject keeps the domain (below).
    expect(text.toLowerCase().split('anna-dupont').length).toBe(2);
    expect(text).not.toMatch(/Ren(=C3=A9|é)e/);
    const p = await simpleParser(r.data, { keepCidLinks: true });
    const cc = (Array.isArray(p.cc) ? p.cc : [p.cc!]).flatMap((a) => a.value);
    expect(cc).toEqual([
      { address: ERASED_MAILBOX.address, name: ERASED_MAILBOX.name },
      { address: 'carl@other.test', name: 'Carl, the other' },
    ]);
    expect(p.from?.value).toEqual([{ address: 'bob@keeps.test', name: 'Bob Keeps' }]);
    // Ids that carry the domain become the hash threading already keeps; the others stay.
    const erased = `<${hashMessageId('CAF.1@mail.anna-dupont.test')}@erased.invalid>`;
    expect(p.messageId).toBe('<bob.2@keeps.test>');
    expect(p.inReplyTo).toBe(erased);
    expect(p.references).toEqual(['<first@keeps.test>', erased]);
    // The inline image keeps its link, under the new id; its bytes are not touched.
    const img = p.attachments[0]!;
    expect(img.cid).toMatch(/^[0-9a-f]{64}@erased\.invalid$/);
    expect(p.html).toContain(`cid:${img.cid}`);
    expect(img.content.toString('base64')).toBe('iVBORw0KGgo=');
  });

  it('keeps the domain in the subject (it is the ticket\'s words) but not the address', async () => {
    const p = await simpleParser((await rewriteRawMessage(message, { person })).data);
    expect(p.subject).toBe(`About what ${'▇'.repeat('renee@anna-dupont.test'.length)} said on anna-dupont.test`);
    expect(p.headers.get('received')).not.toMatch(/anna-dupont/i);
  });

  it('leaves a message that does not name them byte for byte', async () => {
    const other = crlf('From: Bob <bob@keeps.test>\nMessage-ID: <x@keeps.test>\nSubject: hi\n\nnothing\n');
    const r = await rewriteRawMessage(other, { person });
    expect(r.changed).toBe(false);
    expect(r.data.equals(other)).toBe(true);
  });

  it('is idempotent: a second pass finds nothing', async () => {
    const once = await rewriteRawMessage(message, { person });
    const twice = await rewriteRawMessage(once.data, { person });
    expect(twice.changed).toBe(false);
    expect(twice.occurrences).toBe(0);
  });
});

describe('a string redaction reaches the message id headers', () => {
  it('replaces every id holding the string, and the re-check finds nothing left', async () => {
    const pattern = redactionPattern(['anna-dupont.test'])!;
    const r = await rewriteRawMessage(message, { pattern });
    expect(r.data.toString('latin1').toLowerCase()).not.toContain('anna-dupont');
    // In-Reply-To, References, Content-ID, the Cc address, Subject, Received, the cid: link.
    expect(r.occurrences).toBeGreaterThanOrEqual(6);
    expect((await rewriteRawMessage(r.data, { pattern })).occurrences).toBe(0);
    const p = await simpleParser(r.data, { keepCidLinks: true });
    expect(p.html).toContain(`cid:${p.attachments[0]!.cid}`);
  });
});
