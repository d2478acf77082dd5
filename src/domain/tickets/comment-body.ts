// A comment is stored three ways (body, html_body, plain_body) so that clients can show
// whichever they like. html_body is always produced here: escaped from plain text, or
// passed through an allowlist, so a comment's HTML can be put into a page as it is.

/** The three stored forms of a comment's text. */
export interface CommentText {
  body: string;
  html_body: string;
  plain_body: string;
}

const ALLOWED = new Set([
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'a',
]);
const VOID = new Set(['br', 'hr']);
/** Elements whose content is not text for a reader, dropped with the element. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'textarea', 'select',
]);
/** Closing one of these ends a line in the plain text. */
const BLOCK = /<\/(p|div|li|h[1-6]|tr|blockquote|pre|table|ul|ol)>|<br>|<hr>/g;

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Decodes the entities a browser would (numeric ones and the common names). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
    }
    return NAMED[e] ?? m;
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function safeHref(attrs: string): string | null {
  const m = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attrs);
  if (!m) return null;
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const href = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(https?:|mailto:)/i.test(href) ? href : null;
}

/**
 * Keeps only harmless markup: allowlisted tags without attributes (links keep an
 * http(s)/mailto href), every other `<`, `>` and `&` escaped, tags balanced.
 */
export function sanitizeHtml(html: string): string {
  let out = '';
  const open: string[] = [];
  let last = 0;
  let skipUntil: string | null = null;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const text = html.slice(last, m.index);
    last = TOKEN.lastIndex;
    if (skipUntil === null) out += escapeHtml(decodeEntities(text));
    const [, slash, rawName, attrs = ''] = m;
    if (!rawName) continue; // a comment, doctype or processing instruction
    const name = rawName.toLowerCase();
    if (skipUntil !== null) {
      if (slash && name === skipUntil) skipUntil = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!slash && !/\/\s*$/.test(attrs)) skipUntil = name;
      continue;
    }
    if (!ALLOWED.has(name)) continue;
    if (VOID.has(name)) {
      out += `<${name}>`;
    } else if (slash) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      while (open.length > at) out += `</${open.pop()}>`;
    } else if (name === 'a') {
      const href = safeHref(attrs);
      out += href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">` : '<a>';
      open.push(name);
    } else {
      out += `<${name}>`;
      open.push(name);
    }
  }
  if (skipUntil === null) out += escapeHtml(decodeEntities(html.slice(last)));
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

/** The text a reader sees in sanitized HTML, with line breaks where blocks end. */
export function htmlToPlain(safeHtml: string): string {
  const text = decodeEntities(safeHtml.replace(BLOCK, '\n').replace(/<[^>]*>/g, ''));
  return text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text as HTML: escaped, paragraphs on blank lines, line breaks kept. */
export function plainToHtml(text: string): string {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<div class="zd-comment">${paras.join('')}</div>`;
}

/** The stored forms of a comment given as plain text or as HTML (HTML wins when both are given). */
export function commentText(input: { body?: string | null; html_body?: string | null }): CommentText {
  if (input.html_body !== undefined && input.html_body !== null && input.html_body.trim() !== '') {
    const html = sanitizeHtml(input.html_body);
    const plain = htmlToPlain(html);
    return { body: plain, html_body: html, plain_body: plain };
  }
  const body = (input.body ?? '').replace(/\r\n?/g, '\n');
  return { body, html_body: plainToHtml(body), plain_body: body };
}
