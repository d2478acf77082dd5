import { describe, expect, it } from 'vitest';
import { visibleText } from '../redaction/text-match.ts';
import { commentText, htmlToPlain, sanitizeHtml } from './comment-body.ts';

describe('comment text', () => {
  it('escapes plain text into html_body and keeps body and plain_body as written', () => {
    expect(commentText({ body: 'a < b & "c"\nline two\n\n<script>x</script>' })).toEqual({
      body: 'a < b & "c"\nline two\n\n<script>x</script>',
      plain_body: 'a < b & "c"\nline two\n\n<script>x</script>',
      html_body: '<div class="zd-comment"><p>a &lt; b &amp; &quot;c&quot;<br>line two</p><p>&lt;script&gt;x&lt;/script&gt;</p></div>',
    });
  });

  it('prefers html_body and derives the plain text from it', () => {
    const t = commentText({ body: 'ignored', html_body: '<p>Hello&nbsp;<b>World</b></p><p>Bye &amp; thanks</p>' });
    expect(t.html_body).toBe('<p>Hello&nbsp;<b>World</b></p><p>Bye &amp; thanks</p>'.replace('&nbsp;', '\u00a0'));
    expect(t.plain_body).toBe('Hello World\nBye & thanks');
    expect(t.body).toBe(t.plain_body);
  });

  it.each([
    ['<script>alert(1)</script>ok', 'ok'],
    ['<SCRIPT src=x></SCRIPT>ok', 'ok'],
    ['<img src=x onerror=alert(1)>ok', 'ok'],
    ['<p onclick="x()" style="y">t</p>', '<p>t</p>'],
    ['<a href="javascript:alert(1)">l</a>', '<a>l</a>'],
    ['<a href="java&#x09;script:alert(1)">l</a>', '<a>l</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">l</a>', '<a>l</a>'],
    ['<a href="https://example.test/?a=1&amp;b=2" target=_blank>l</a>', '<a href="https://example.test/?a=1&amp;b=2" rel="noopener noreferrer">l</a>'],
    ['<a title=\'x">\' href="mailto:x@example.test">m</a>', '<a href="mailto:x@example.test" rel="noopener noreferrer">m</a>'],
    ['<iframe src="https://evil"></iframe>ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<style>body{}</style>ok', 'ok'],
    ['<!-- <script>x</script> -->ok', 'ok'],
    ['<b>unclosed <i>twice', '<b>unclosed <i>twice</i></b>'],
    ['</div>stray close', 'stray close'],
    ['1 < 2 > 0', '1 &lt; 2 &gt; 0'],
    ['<scr<script>ipt>alert(1)</script>', 'ipt&gt;alert(1)'],
    ['&lt;script&gt;', '&lt;script&gt;'],
    ['<b onmouseover=alert(1)//>x</b>', '<b>x</b>'],
    // Images keep a cid: or http(s) source and nothing else; any other image goes.
    ['<p>see <img src="cid:shot1@fay" alt="Anna\'s passport" width=600 onload=x()></p>', '<p>see <img src="cid:shot1@fay" /></p>'],
    ['<img src="https://tracker.example/p.gif?u=1&amp;v=2" srcset="https://a/b 2x">', '<img src="https://tracker.example/p.gif?u=1&amp;v=2" />'],
    ['<img src="http://images.example/logo.png">', '<img src="http://images.example/logo.png" />'],
    ['<img src="//tracker.example/p.gif">ok', 'ok'],
    ['<img src="/api/v2/users/me">ok', 'ok'],
    ['<img src="data:image/png;base64,iVBORw0KGgo=">ok', 'ok'],
    ['<img src="java&#x09;script:alert(1)">ok', 'ok'],
    ['<img>ok', 'ok'],
  ])('sanitizes %s', (input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });

  it('keeps inline images out of the plain text', () => {
    const t = commentText({ html_body: '<p>Here <img src="cid:a@b" alt="Anna Karenina"> it is</p>' });
    expect(t.html_body).toBe('<p>Here <img src="cid:a@b" /> it is</p>');
    expect(t.plain_body).toBe('Here  it is');
    // Stored HTML is in its final form: sanitizing it again changes nothing.
    expect(sanitizeHtml(t.html_body)).toBe(t.html_body);
  });

  it('never lets a tag with attributes or an unknown element through', () => {
    const out = sanitizeHtml('<div id=a><form action=x><input value=1><button>b</button></form><object data=x>o</object></div>');
    expect(out).toBe('<div>b</div>');
    expect(htmlToPlain(out)).toBe('b');
  });

  // Text is decoded once, when the HTML is parsed: what is stored, searched and redacted is
  // what a reader sees (issue 9: `Ren&eacute;e` used to be stored as `Ren&amp;eacute;e`).
  it.each([
    ['named entities', '<p>Ren&eacute;e Dupont</p>'],
    ['numeric entities', '<p>Ren&#233;e&#32;Dupont</p>'],
    ['hex entities', '<p>&#x52;en&#xE9;e&#x20;Dupont</p>'],
    ['upper-case hex', '<p>Ren&#XE9;e Dupont</p>'],
    ['markup inside the name', '<p>Ren<b>ée</b> Dupont</p>'],
    ['an entity inside markup', '<p>Ren<span>&eacute;</span>e&nbsp;Dupont</p>'],
    ['an unknown element around part of it', '<p>Re<font color="red">n&eacute;e</font> <o:p>Dupont</o:p></p>'],
  ])('stores %s as the text a reader sees', (_what, html) => {
    const t = commentText({ html_body: html });
    expect(t.plain_body).toBe('Renée Dupont');
    expect(t.body).toBe('Renée Dupont');
    expect(t.html_body).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(visibleText(t.html_body).replace(/\s+/g, ' ').trim()).toBe('Renée Dupont');
  });

  it('decodes exactly once: an escaped entity stays visible as written', () => {
    const t = commentText({ html_body: '<p>Write &amp;eacute; for é, and &lt;b&gt; for bold &amp; more</p>' });
    expect(t.plain_body).toBe('Write &eacute; for é, and <b> for bold & more');
    expect(t.html_body).toBe('<p>Write &amp;eacute; for é, and &lt;b&gt; for bold &amp; more</p>');
    // Sanitizing what is stored changes nothing: stored HTML is already in its final form.
    expect(sanitizeHtml(t.html_body)).toBe(t.html_body);
    expect(htmlToPlain(t.html_body)).toBe(t.plain_body);
  });

  it('keeps plain text as typed: an ampersand in it is not an entity', () => {
    const t = commentText({ body: 'Ren&eacute;e' });
    expect(t.plain_body).toBe('Ren&eacute;e');
    expect(t.html_body).toBe('<div class="zd-comment"><p>Ren&amp;eacute;e</p></div>');
  });

  it('reads a whole mail document: head, style and comments are not text', () => {
    const html = '<html><head><title>Re: help</title><style>p{color:red}</style></head><body><!-- x --><p>Hi&nbsp;there,</p><p>Ren&eacute;e</p></body></html>';
    const t = commentText({ html_body: html });
    expect(t.plain_body).toBe('Hi there,\nRenée');
    expect(t.html_body).toBe('<p>Hi\u00a0there,</p><p>Renée</p>');
  });
});
