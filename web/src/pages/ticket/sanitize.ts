import DOMPurify from 'dompurify';

// Comment HTML comes from strangers' email. It is shown only after DOMPurify has removed
// scripts, event handlers, forms and styles; images load only from this server's
// attachments (a remote image is a tracking pixel), and links open in a new tab without
// telling the other site where they came from.

const ATTACHMENT_PATH = '/api/v2/attachments/';

function allowedImage(src: string): boolean {
  if (src.startsWith('data:image/') && !src.startsWith('data:image/svg')) return true;
  try {
    const u = new URL(src, window.location.origin);
    return u.origin === window.location.origin && u.pathname.startsWith(ATTACHMENT_PATH);
  } catch {
    return false;
  }
}

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
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (!allowedImage(src)) {
        el.removeAttribute('src');
        el.removeAttribute('srcset');
        el.setAttribute('alt', `[image not loaded${el.getAttribute('alt') ? `: ${el.getAttribute('alt')}` : ''}]`);
        el.setAttribute('data-blocked', 'true');
      }
    }
  });
}

/** Safe HTML for a comment body. */
export function sanitizeCommentHtml(html: string): string {
  hook();
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'class', 'id'],
    ALLOW_DATA_ATTR: false,
  });
}
