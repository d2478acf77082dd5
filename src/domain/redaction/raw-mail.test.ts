import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { rewriteRawMessage } from './raw-mail.ts';
import { redactionPattern } from './text-match.ts';

// The raw-mail rewrite on hand-written messages: charsets, encoded words, single-part
// messages, and strings that must not break the message's structure.

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

describe('raw email redaction', () => {
  it('decodes a Latin-1 quoted-printable part and RFC 2047 headers, and stores UTF-8', async () => {
    const raw = crlf(`From: =?ISO-8859-1?Q?Zo=EB_M=FCller?= <zoe@example.test>
To: support@oubli.test
Subject: =?ISO-8859-1?Q?Bonjour_de_Zo=EB_M=FCller?=
Message-ID: <zoe.1@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Je suis Zo=EB M=FCller, ma rue est la rue de la Paix, Zo=EB=20
M=FCller encore.
`);
    const r = await rewriteRawMessage(raw, { pattern: redactionPattern(['zoë müller']) });
    expect(r.changed).toBe(true);
    expect(r.occurrences).toBe(4);
    const p = await simpleParser(r.data);
    expect(p.text).toContain('Je suis ▇▇▇▇▇▇▇▇▇▇, ma rue');
    expect(p.text).not.toMatch(/zo[eë]|m[uü]ller/i);
    expect(p.subject).toBe('Bonjour de ▇▇▇▇▇▇▇▇▇▇');
    expect(p.from?.value[0]).toMatchObject({ address: 'zoe@example.test', name: '▇▇▇▇▇▇▇▇▇▇' });
    expect(p.messageId).toBe('<zoe.1@example.test>');
    expect(r.data.toString('latin1')).not.toMatch(/Zo=EB|M=FCller/);
  });

  it('leaves a message without a match byte for byte', async () => {
    const raw = crlf('From: a@example.test\nSubject: hi\n\nnothing here\n');
    const r = await rewriteRawMessage(raw, { pattern: redactionPattern(['anna']) });
    expect(r.changed).toBe(false);
    expect(r.data.equals(raw)).toBe(true);
  });

  it('drops a link target and an image whose URL holds the string, encoded or not, keeping the rest of the HTML', async () => {
    const raw = crlf(`From: bob@keeps.test
To: support@oubli.test
Subject: Contacts
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html><head><style>p{color:red}</style></head><body><p class=3D"x">Ursula:
<A HREF=3D"https://crm.example/u?e=3Dursula%40example.com" title=3D"CRM">record</A>
<img src=3D"mailto:ursula@example.com" alt=3D"">
<img src=3D"https://t.example/?u=3Dcarl%40example.com"></p></body></html>
`);
    const r = await rewriteRawMessage(raw, { pattern: redactionPattern(['ursula@example.com']) });
    expect(r.changed).toBe(true);
    expect(r.occurrences).toBe(2);
    const html = String((await simpleParser(r.data)).html);
    expect(html).not.toMatch(/ursula(@|%40)/i);
    expect(html).toContain('<style>p{color:red}</style>');
    expect(html).toContain('<a title="CRM">record</A>');
    expect(html).toContain('<img src="https://t.example/?u=carl%40example.com">');
    expect((await rewriteRawMessage(r.data, { pattern: redactionPattern(['ursula@example.com']) })).changed).toBe(false);
  });

  it('never breaks the structure, whatever the string matches', async () => {
    const raw = crlf(`From: b@example.test
Subject: parts
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="plain-html-boundary"

This is a multi-part message with plain words in its preamble.
--plain-html-boundary
Content-Type: text/plain; charset=utf-8

plain text part
--plain-html-boundary
Content-Type: text/html; charset=utf-8

<p class="plain">html part with plain words</p>
--plain-html-boundary--
`);
    const r = await rewriteRawMessage(raw, { pattern: redactionPattern(['plain']) });
    const p = await simpleParser(r.data);
    expect(p.text).toBe('▇▇▇▇▇ text part');
    expect(p.html).toContain('html part with ▇▇▇▇▇ words');
    expect(p.html).toContain('class="▇▇▇▇▇"');
    expect(r.data.toString()).toContain('Content-Type: multipart/alternative; boundary="plain-html-boundary"');
    expect(r.data.toString()).toContain('--plain-html-boundary--');
    expect(r.data.toString()).toContain('with ▇▇▇▇▇ words in its preamble');
  });

  it('blanks an attachment part found by its bytes, and a zero-byte one by its name', async () => {
    const raw = crlf(`From: c@example.test
Subject: files
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain

see files
--b1
Content-Type: application/pdf; name="passport-anna.pdf"
Content-Disposition: attachment; filename="passport-anna.pdf"
Content-Transfer-Encoding: base64

${Buffer.from('secret passport bytes').toString('base64')}
--b1
Content-Type: text/plain; name="empty-anna.txt"
Content-Disposition: attachment; filename="empty-anna.txt"

--b1--
`);
    const r = await rewriteRawMessage(raw, {
      attachments: [
        { data: Buffer.from('secret passport bytes'), fileName: 'passport-anna.pdf', contentId: null },
        { data: Buffer.alloc(0), fileName: 'empty-anna.txt', contentId: null },
      ],
    });
    expect(r.partsReplaced).toBe(2);
    expect(r.data.toString()).not.toMatch(/passport|anna|c2VjcmV0/);
    const p = await simpleParser(r.data);
    expect(p.text?.trim()).toBe('see files');
    expect(p.attachments.map((a) => [a.filename, a.content.length])).toEqual([
      ['redacted.txt', 0],
      ['redacted.txt', 0],
    ]);
  });

  it('finds a part rewritten by an earlier string redaction by its Content-ID or name', async () => {
    const raw = crlf(`From: d@example.test
Subject: inline text
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2"

--b2
Content-Type: text/plain

body
--b2
Content-Type: text/plain; name="notes-anna.txt"
Content-Disposition: inline; filename="notes-anna.txt"
Content-ID: <notes@x>

notes about anna
--b2--
`);
    const once = await rewriteRawMessage(raw, { pattern: redactionPattern(['about anna']) });
    expect(once.changed).toBe(true);
    const r = await rewriteRawMessage(once.data, { attachments: [{ data: Buffer.from('notes about anna'), fileName: 'notes-anna.txt', contentId: 'notes@x' }] });
    expect(r.partsReplaced).toBe(1);
    expect(r.data.toString()).not.toMatch(/notes|anna/);
  });
});
