import { sql } from 'kysely';
import type { SearchHighlighter, TextSource } from './caps.ts';
import { PUNCTUATION, SOURCES, tsqueryText, tsv } from './search-postgres.ts';

// Snippets of search results on PostgreSQL: ts_headline over the text the GIN indexes of
// migration 003 index. The index reads text with ASCII punctuation turned into spaces, so
// `anna.k@example.com` is the words anna k example com; ts_headline must split it the same
// way to mark those words. It gets the text with each punctuation character stood in for by a
// control character (the parser takes both for a separator, and the text's own control
// characters become spaces first), and the stand-ins are turned back here.

/** The 32 stand-ins: U+0001–U+001F and U+007F, one per character of PUNCTUATION. */
const STAND_INS = `${Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('')}\x7f`;
const FROM = `${STAND_INS}${PUNCTUATION}`;
const TO = `${' '.repeat(STAND_INS.length)}${STAND_INS}`;
const BACK = new Map([...STAND_INS].map((c, i) => [c, PUNCTUATION[i]!]));

const WHOLE = new Set<TextSource>(['ticket_subject', 'attachment', 'organization', 'group']);

/** The text to mark: an identity shows its value, or its key (a phone's international form) when only that matched. */
function textOf(source: TextSource, query: ReturnType<typeof sql>) {
  if (source === 'identity') return sql`case when ${tsv('value')} @@ ${query} then value else value_key end`;
  return sql.raw(SOURCES[source].text);
}

export const postgresHighlighter: SearchHighlighter = {
  async fragments(db, source, ownerIds, terms, marks) {
    if (!ownerIds.length || !terms.length) return [];
    const s = SOURCES[source];
    const query = sql`to_tsquery('simple'::regconfig, ${tsqueryText(terms)})`;
    const options = WHOLE.has(source)
      ? `StartSel=${marks.start}, StopSel=${marks.stop}, HighlightAll=true`
      : `StartSel=${marks.start}, StopSel=${marks.stop}, MaxFragments=1, MaxWords=24, MinWords=10, ShortWord=0`;
    const extra = s.extra ? sql.raw(` and ${s.extra}`) : sql``;
    const owner = s.id.startsWith('(') ? sql.raw(s.id) : sql.ref(s.id);
    // Whether words of the text were left out before or after the fragment, to show the cut
    // as FTS5's snippets do (the stand-ins are control characters: punctuation is no word).
    const r = await sql<{ owner: number | string; h: string; before: boolean; after: boolean }>`
      select owner, h,
        substr(p, 1, strpos(p, bare) - 1) ~ '[^[:space:][:cntrl:]]' as before,
        substr(p, strpos(p, bare) + length(bare)) ~ '[^[:space:][:cntrl:]]' as after
      from (
        select owner, rid, p, h, replace(replace(h, ${marks.start}, ''), ${marks.stop}, '') as bare from (
          select owner, rid, p, ts_headline('simple'::regconfig, p, ${query}, ${options}) as h from (
            select ${owner} as owner, id as rid, translate(${textOf(source, query)}, ${FROM}, ${TO}) as p from ${sql.table(s.table)}
            where ${owner} in (${sql.join(ownerIds)}) and ${tsv(s.text)} @@ ${query}${extra}
          ) x
        ) y
      ) z order by owner, rid`.execute(db);
    return r.rows.map((row) => {
      const cutBefore = !WHOLE.has(source) && !!row.before;
      const cutAfter = !WHOLE.has(source) && !!row.after;
      const text = [...row.h].map((c) => BACK.get(c) ?? c).join('');
      return { owner: Number(row.owner), text: `${cutBefore ? '…' : ''}${text}${cutAfter ? '…' : ''}` };
    });
  },
};
