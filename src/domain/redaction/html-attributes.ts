import { parseDocument, Parser } from 'htmlparser2';
import { sanitizeHtmlWithout } from '../tickets/comment-body.ts';

// Strings in a comment's HTML that no reader sees: the targets of links and the sources of
// images (comment-body.ts keeps only those attributes). A person's address can be there
// alone — `mailto:`, `?email=ursula%40example.com`, a tracking pixel — so search for an
// erasure request and redaction look at each URL as written and percent-decoded. The HTML
// is parsed (htmlparser2, as when it was stored), never matched with a regular expression.

type DomNode = ReturnType<typeof parseDocument>['children'][number];

/** The attributes that can hold a URL after sanitizing. */
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src' };

/** A URL as written, percent-decoded, and with `+` read as a space (form encoding); distinct. */
export function urlForms(url: string): string[] {
  const forms = new Set([url]);
  for (const s of [url, url.replace(/\+/g, ' ')]) {
    try {
      forms.add(decodeURIComponent(s));
    } catch {
      // A stray `%` is not an encoding: the URL as written is what there is.
    }
  }
  return [...forms];
}

/** Every link target and image source of the HTML, in document order. */
export function htmlUrls(html: string): string[] {
  const out: string[] = [];
  const walk = (nodes: DomNode[]) => {
    for (const n of nodes) {
      if (n.type !== 'tag') continue;
      const attr = URL_ATTRIBUTES[n.name];
      const v = attr ? n.attribs[attr] : undefined;
      if (v) out.push(v);
      walk(n.children);
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return out;
}

/** One match of a pattern in a form of one URL of the HTML. */
export interface UrlOccurrence {
  /** The form it was found in (decoded): where a snippet is cut. */
  form: string;
  index: number;
  text: string;
}

/** Every match of the pattern in the URLs of the HTML, in each of their forms. */
export function urlOccurrences(html: string, pattern: RegExp): UrlOccurrence[] {
  const out: UrlOccurrence[] = [];
  for (const url of htmlUrls(html)) {
    for (const form of urlForms(url)) {
      pattern.lastIndex = 0;
      for (const m of form.matchAll(pattern)) if (m[0]) out.push({ form, index: m.index!, text: m[0] });
    }
  }
  return out;
}

function holds(url: string, pattern: RegExp): boolean {
  return urlForms(url).some((f) => {
    pattern.lastIndex = 0;
    return pattern.test(f);
  });
}

/**
 * The HTML without the URLs that hold the pattern: such a link loses its target and keeps
 * its text, such an image goes. `removed` counts them; unchanged HTML is returned as it is.
 */
export function dropUrlsHolding(html: string, pattern: RegExp): { html: string; removed: number } {
  const removed = htmlUrls(html).filter((u) => holds(u, pattern)).length;
  if (!removed) return { html, removed };
  return { html: sanitizeHtmlWithout(html, (u) => holds(u, pattern)), removed };
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * dropUrlsHolding for HTML that is kept as it came (a stored raw email's text/html part):
 * the same rule — such a link loses its href, such an image goes — but every byte outside
 * those tags stays, since this HTML is not the sanitized copy and must not be rewritten as one.
 * Tags are located by htmlparser2 (its start and end index of each opening tag).
 */
export function dropUrlsHoldingInSource(html: string, pattern: RegExp): { html: string; removed: number } {
  const edits: { from: number; to: number; text: string }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const attr = URL_ATTRIBUTES[name];
        const v = attr ? attribs[attr] : undefined;
        if (!attr || !v || !holds(v, pattern)) return;
        const from = parser.startIndex;
        const to = parser.endIndex + 1;
        if (name === 'img') edits.push({ from, to, text: '' });
        else {
          const rest = Object.entries(attribs).filter(([k]) => k !== attr);
          const selfClosing = html.slice(from, to).endsWith('/>');
          edits.push({ from, to, text: `<${name}${rest.map(([k, x]) => ` ${k}="${escapeAttr(x)}"`).join('')}${selfClosing ? ' />' : '>'}` });
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  if (!edits.length) return { html, removed: 0 };
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += html.slice(at, e.from) + e.text;
    at = e.to;
  }
  return { html: out + html.slice(at), removed: edits.length };
}
