import sanitize from 'sanitize-html';
import { escapeHtml, htmlToPlain } from '../tickets/comment-body.ts';

// What people write in the help centre is shown to anyone on /hc, so it is sanitized on save
// (sanitize-html's allowlist, as ticket comments are: src/domain/tickets/comment-body.ts) and
// stored as it will be shown. Images keep their source only when it is one of our own community
// files (/hc/community_attachments/…): a remote image on a public page would tell a third
// party who read it. `search_text` is the text a reader sees, without markup: the full-text
// index, the erasure request and redaction read it.

const ALLOWED = [
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'h2', 'h3', 'h4', 'hr', 'a', 'img',
];
const DROP_WITH_CONTENT = ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'option'];

/** The path our own community files are served at. */
export const COMMUNITY_FILE_PATH = /^\/hc\/community_attachments\/(\d{1,10})\/[^/?#\s]+$/;

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED,
  allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  transformTags: {
    a: (tagName, attribs) => {
      const h = (attribs.href ?? '').replace(/[\u0000-\u0020\u007f]/g, '');
      return { tagName, attribs: /^(https?:|mailto:)/i.test(h) ? { href: h, rel: 'nofollow noopener noreferrer' } : ({} as sanitize.Attributes) };
    },
    img: (tagName, attribs) => {
      const s = (attribs.src ?? '').trim();
      return { tagName, attribs: COMMUNITY_FILE_PATH.test(s) ? { src: s, alt: '' } : ({} as sanitize.Attributes) };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  parser: { decodeEntities: true, lowerCaseTags: true },
};

/** Sanitized HTML and its text. */
export interface CommunityText {
  html: string;
  text: string;
}

/** HTML as it is stored and shown; text a person typed into a plain form is escaped first by the caller. */
export function communityHtml(html: string): CommunityText {
  const safe = sanitize(html, OPTIONS);
  return { html: safe, text: htmlToPlain(safe) };
}

/** Plain text (a form without an editor) as community HTML: escaped, paragraphs on blank lines. */
export function communityPlain(text: string): CommunityText {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return communityHtml(paras.join(''));
}

/** The ids of our own community files an HTML body shows. */
export function fileIdsIn(html: string): number[] {
  return [...html.matchAll(/src="\/hc\/community_attachments\/(\d{1,10})\//g)].map((m) => Number(m[1]));
}

/** Stored (already sanitized) HTML with its text, for a save that keeps it. */
export function htmlTextOf(storedHtml: string): CommunityText {
  return { html: storedHtml, text: htmlToPlain(storedHtml) };
}
