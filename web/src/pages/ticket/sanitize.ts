import DOMPurify from 'dompurify';

// Comment HTML comes from strangers' email. It is shown only after DOMPurify has removed
// scripts, event handlers, forms and styles, and links open in a new tab without telling the
// other site where they came from. Images:
// - `cid:X` shows this comment's own inline attachment with Content-ID X, from our server;
//   a cid: naming no such attachment (a redacted one says `cid:redacted`) shows a note.
// - A remote image (http, https) is a tracking pixel until the agent says otherwise: it is
//   replaced by a placeholder, and loads only when the agent asks, for that comment.
// - Anything else is dropped.
// The images are rewritten in DOMPurify's own inert document (no browsing context, so
// nothing there is fetched): a blocked image never reaches the page with its address.

/** An inline attachment a `cid:` may point at. */
export interface InlineImage {
  id: number;
  file_name: string;
}

export interface ImageOptions {
  /** Content-ID (without angle brackets) → this comment's inline image attachment. */
  inline: ReadonlyMap<string, InlineImage>;
  /** Load remote images: the agent pressed "Show images" on this comment. */
  remote: boolean;
  /** Images of our own server under this path (a help centre article's files, `/hc/article_attachments/`): shown as they are. */
  ownPrefix?: string;
}

export interface SafeComment {
  html: string;
  /** Remote images replaced by a placeholder. */
  blocked: number;
  /** Attachments shown in place, by id. */
  shown: Set<number>;
}

export const BLOCKED_TEXT = 'Remote image blocked to protect your privacy';

/** Our own URL for an attachment's bytes: same origin, so the session cookie goes with it. */
export const attachmentContentUrl = (id: number) => `/api/v2/attachments/${id}/content`;

let hooked = false;
function hook() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
}

function cidTarget(src: string, inline: ReadonlyMap<string, InlineImage>): InlineImage | undefined {
  const id = src.slice(4).trim().replace(/^<|>$/g, '');
  let decoded = id;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    // Not percent-encoded: the Content-ID as written.
  }
  return inline.get(id) ?? inline.get(decoded);
}

function placeholder(doc: Document, text: string, kind: 'remote' | 'missing'): HTMLElement {
  const span = doc.createElement('span');
  span.className = `image-placeholder image-placeholder--${kind}`;
  span.textContent = text;
  return span;
}

/** True for a URL of this server (relative, or absolute with our origin) under the path prefix. */
function isOwn(src: string, prefix: string): boolean {
  try {
    const u = new URL(src, location.origin);
    return u.origin === location.origin && u.pathname.startsWith(prefix);
  } catch {
    return false;
  }
}

/** Rewrites the images of a sanitized fragment (in DOMPurify's inert document) as the header says. */
function rewriteImages(fragment: DocumentFragment, opts: ImageOptions, out: SafeComment): void {
  const doc = fragment.ownerDocument;
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const src = (img.getAttribute('src') ?? '').trim();
    // The sender's sizes and alternatives are theirs to choose only for a shown image.
    for (const a of ['srcset', 'sizes', 'width', 'height', 'loading', 'crossorigin']) img.removeAttribute(a);
    if (/^cid:/i.test(src)) {
      const target = cidTarget(src, opts.inline);
      if (!target) {
        img.replaceWith(placeholder(doc, 'Inline image not available', 'missing'));
        continue;
      }
      img.setAttribute('src', attachmentContentUrl(target.id));
      img.setAttribute('alt', `Inline image ${target.file_name}`);
      out.shown.add(target.id);
    } else if (opts.ownPrefix && isOwn(src, opts.ownPrefix)) {
      if (!img.getAttribute('alt')) img.setAttribute('alt', 'Image');
    } else if (/^https?:\/\//i.test(src)) {
      if (!opts.remote) {
        img.replaceWith(placeholder(doc, BLOCKED_TEXT, 'remote'));
        out.blocked++;
        continue;
      }
      img.setAttribute('referrerpolicy', 'no-referrer');
      if (!img.getAttribute('alt')) img.setAttribute('alt', 'Remote image');
    } else {
      img.remove();
    }
  }
}

/** Safe HTML for a comment body, with its images as `opts` says. */
export function sanitizeCommentHtml(html: string, opts: ImageOptions = { inline: new Map(), remote: false }): SafeComment {
  hook();
  const fragment = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'picture', 'source', 'video', 'audio', 'svg'],
    FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'background', 'poster'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  const out: SafeComment = { html: '', blocked: 0, shown: new Set() };
  rewriteImages(fragment, opts, out);
  const box = fragment.ownerDocument.createElement('div');
  box.appendChild(fragment);
  out.html = box.innerHTML;
  return out;
}
