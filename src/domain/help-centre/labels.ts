import { invalidField } from '../../errors.ts';

// An article's labels (Zendesk's label_names): words for search and for grouping, at most
// 50 per article, each 1–100 characters; duplicates (in any case) count once.

export function cleanLabels(names: string[]): string[] {
  const out = new Map<string, string>();
  for (const n of names) {
    const t = n.trim();
    if (t === '') continue;
    if (t.length > 100) throw invalidField('label_names', 'Label names: each at most 100 characters.');
    if (!out.has(t.toLowerCase())) out.set(t.toLowerCase(), t);
  }
  if (out.size > 50) throw invalidField('label_names', 'Label names: at most 50 per article.');
  return [...out.values()].sort();
}
