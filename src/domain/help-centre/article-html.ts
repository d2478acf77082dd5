import { DomUtils, parseDocument } from 'htmlparser2';
import sanitize from 'sanitize-html';
import { htmlToPlain } from '../tickets/comment-body.ts';

// An article's body is HTML, sanitized on every save with the allowlist of ticket comments
// (src/domain/tickets/comment-body.ts) plus what articles need: images may point at the
// help centre's own attachments (/hc/article_attachments/{id}/{name}, inline images) or at
// http(s); headings, tables and links as in comments. `search_text` is the title and the
// body's text as a reader sees it: the full-text index, the public search, redaction and
// erasure requests read it.

const ALLOWED = [
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'a', 'img',
];
const DROP_WITH_CONTENT = [
  'script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'option',
];

/** Where the help centre serves an article attachment's bytes. */
export const ATTACHMENT_PATH = '/hc/article_attachments/';

function safeHref(href: string | undefined): string | null {
  const h = (href ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^(https?:|mailto:)/i.test(h)) return h;
  // Links between articles and to attachments of this help centre.
  if (/^\/hc\/[^/]/.test(h)) return h;
  return null;
}

function safeImageSrc(src: string | undefined): string | null {
  const s = (src ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^https?:\/\//i.test(s)) return s;
  if (s.startsWith(ATTACHMENT_PATH) && /^\/hc\/article_attachments\/\d+\/[^/?#]+$/.test(s)) return s;
  return null;
}

function options(drop?: (url: string) => boolean): sanitize.IOptions {
  return {
    allowedTags: ALLOWED,
    // An image keeps its text alternative (WCAG 1.1.1); it is text like any other (searched, redacted).
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const href = safeHref(attribs.href);
        const kept: sanitize.Attributes = href && !drop?.(href) ? { href, rel: 'noopener noreferrer' } : {};
        return { tagName, attribs: kept };
      },
      img: (tagName, attribs) => {
        const src = safeImageSrc(attribs.src);
        const kept: sanitize.Attributes = src && !drop?.(src) ? { src, ...(attribs.alt ? { alt: attribs.alt } : {}) } : {};
        return { tagName, attribs: kept };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    parser: { decodeEntities: true, lowerCaseTags: true },
  };
}

const OPTIONS = options();

/** An article body through the allowlist. */
export function sanitizeArticleHtml(html: string): string {
  return sanitize(html, OPTIONS);
}

/** Stored HTML again through the allowlist, without the URLs `drop` picks (redaction). */
export function sanitizeArticleHtmlWithout(html: string, drop: (url: string) => boolean): string {
  return sanitize(html, options(drop));
}

/** The indexed text of a translation: its title, its body's text without markup and its images' alt texts. */
export function searchTextOf(title: string, safeBody: string, bodyIsHtml: boolean): string {
  const alts = bodyIsHtml ? DomUtils.findAll((e) => e.name === 'img', parseDocument(safeBody, { decodeEntities: true }).children).map((e) => e.attribs.alt ?? '') : [];
  const text = [bodyIsHtml ? htmlToPlain(safeBody) : safeBody, ...alts].filter(Boolean).join('\n');
  return text ? `${title}\n${text}` : title;
}

/** Ids of the article attachments an HTML body shows as images. */
export function inlineAttachmentIds(safeBody: string): number[] {
  const ids = new Set<number>();
  for (const m of safeBody.matchAll(/src="\/hc\/article_attachments\/(\d+)\//g)) ids.add(Number(m[1]));
  return [...ids];
}
