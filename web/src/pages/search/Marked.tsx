// A search highlight (docs/search.md, "Highlights"): the server sends the text HTML-escaped
// with <mark> around the query's words. It is other people's text, so it is never given to
// the browser as HTML: it is cut at the marks and each piece unescaped and shown as text.

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** The pieces of a highlight: text, and marked text. */
export function markedPieces(html: string): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push({ text: unescape(part), marked });
  }
  return out;
}

export function Marked({ html }: { html: string }) {
  return (
    <>
      {markedPieces(html).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
