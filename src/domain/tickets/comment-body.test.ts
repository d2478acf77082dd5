import { describe, expect, it } from 'vitest';
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
  ])('sanitizes %s', (input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });

  it('never lets a tag with attributes or an unknown element through', () => {
    const out = sanitizeHtml('<div id=a><form action=x><input value=1><button>b</button></form><object data=x>o</object></div>');
    expect(out).toBe('<div>b</div>');
    expect(htmlToPlain(out)).toBe('b');
  });
});
