import { parseDocument } from 'htmlparser2';
import sanitize from 'sanitize-html';

// A comment is stored three ways (body, html_body, plain_body) so that clients can show
// whichever they like. html_body is always produced here: escaped from plain text, or
// passed through sanitize-html's allowlist, so a comment's HTML can be put into a page as it
// is. HTML is parsed once, by htmlparser2 (inside sanitize-html): every entity a browser
// knows is decoded then, and the stored HTML holds the characters themselves (only `&`, `<`,
// `>` and `"` stay escaped). plain_body is the text of that stored HTML as a reader sees it,
// and it is what search, redaction and erasure requests look in (docs/redaction.md).
// Images keep only their source: `cid:` (an inline image of the same mail, shown by the web
// app from the comment's attachments) or http(s) (a remote image, which the web app blocks
// until the agent asks for it). Their alt text goes: it would be text that search and
// erasure requests, which read plain_body, never see.

/** The three stored forms of a comment's text. */
export interface CommentText {
  body: string;
  html_body: string;
  plain_body: string;
}

const ALLOWED = [
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'a', 'img',
];
/** Elements whose content is not text for a reader, dropped with the element. */
const DROP_WITH_CONTENT = [
  'script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'option',
];
/** Where a line ends in the plain text. */
const BLOCK = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'pre', 'table', 'ul', 'ol']);

/** A link keeps its target only when it is http(s) or mailto (browsers ignore controls and spaces in a scheme). */
function safeHref(href: string | undefined): string | null {
  const h = (href ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(https?:|mailto:)/i.test(h) ? h : null;
}

/** An image keeps its source only when it is cid: (an inline part) or http(s) (a remote image). */
function safeImageSrc(src: string | undefined): string | null {
  const s = (src ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(cid:|https?:\/\/)/i.test(s) ? s : null;
}

/** A URL that must not stay in the stored HTML (it holds a string being redacted). */
export type DropUrl = (url: string) => boolean;

function options(drop?: DropUrl): sanitize.IOptions {
  return {
    allowedTags: ALLOWED,
    allowedAttributes: { a: ['href', 'rel'], img: ['src'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid', 'http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      // A link whose target is dropped keeps its text (redacted, if need be, as text).
      a: (tagName, attribs) => {
        const href = safeHref(attribs.href);
        const kept: sanitize.Attributes = href && !drop?.(href) ? { href, rel: 'noopener noreferrer' } : {};
        return { tagName, attribs: kept };
      },
      img: (tagName, attribs) => {
        const src = safeImageSrc(attribs.src);
        const kept: sanitize.Attributes = src && !drop?.(src) ? { src } : {};
        return { tagName, attribs: kept };
      },
    },
    // An image with no source left shows nothing: it goes.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    parser: { decodeEntities: true, lowerCaseTags: true },
  };
}

const OPTIONS = options();

/**
 * Keeps only harmless markup: allowlisted tags without attributes (links keep an http(s) or
 * mailto href, images a cid: or http(s) src), text decoded once and re-escaped, tags
 * balanced (sanitize-html).
 */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS);
}

/**
 * Stored HTML again through the same allowlist, without the URLs `drop` picks: such a link
 * loses its href (its text stays), such an image goes (redaction, docs/redaction.md).
 */
export function sanitizeHtmlWithout(html: string, drop: DropUrl): string {
  return sanitize(html, options(drop));
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type DomNode = ReturnType<typeof parseDocument>['children'][number];

/** The text a reader sees in sanitized HTML, with line breaks where blocks end. */
export function htmlToPlain(safeHtml: string): string {
  let text = '';
  const walk = (nodes: DomNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') text += n.data;
      else if (n.type === 'tag') {
        if (n.name === 'br' || n.name === 'hr') text += '\n';
        walk(n.children);
        if (BLOCK.has(n.name)) text += '\n';
      }
    }
  };
  walk(parseDocument(safeHtml, { decodeEntities: true }).children);
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
  // Plain text is what the person typed: `&eacute;` in it is eight characters, not é.
  const body = (input.body ?? '').replace(/\r\n?/g, '\n');
  return { body, html_body: plainToHtml(body), plain_body: body };
}
