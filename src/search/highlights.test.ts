import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { insertOrganization, postTicket } from '../../test/factories/index.ts';
import { markedHtml } from './highlights.ts';

// The `highlights` of GET /search results: the database's own highlighter (FTS5 highlight()
// and snippet(), PostgreSQL's ts_headline) marks the query's words; the server escapes the
// text and adds <mark>, the only markup a highlight ever holds.

type Highlight = { field: string; html: string };
type Result = { result_type: string; id: number; highlights: Highlight[] };

/** The text a reader sees, and the words inside marks. */
function read(html: string): { text: string; marked: string[] } {
  const marked = [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]!.toLowerCase());
  const text = html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return { text, marked };
}

/** Only <mark> and </mark> are markup; every other < or > is escaped. */
function onlyMarks(html: string): boolean {
  return !/<(?!\/?mark>)/.test(html) && !/(?<!<\/?mark)>/.test(html);
}

describeEachDb('search highlights', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const search = async (query: string): Promise<Result[]> => {
    const r = await t.call('GET', `/api/v2/search?query=${encodeURIComponent(query)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.results;
  };
  const of = (results: Result[], type: string, id: number) => results.find((r) => r.result_type === type && r.id === id)!.highlights;

  it('marks the words in the subject and in a fragment of the comment that holds them, cut with …', async () => {
    const requester = await t.contact({ name: 'Rita Requester' });
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}Then the printer jammed again at the office. ${'Consectetur adipiscing elit. '.repeat(20)}`;
    const tk = await postTicket(t, { subject: 'Printer on fire', requester_id: requester, comment: { body: long } });
    const [subject, comment, ...rest] = of(await search('printer'), 'ticket', tk.id);
    expect(rest).toEqual([]);
    expect(subject).toEqual({ field: 'subject', html: '<mark>Printer</mark> on fire' });
    expect(comment!.field).toBe('comment');
    const c = read(comment!.html);
    expect(c.marked).toEqual(['printer']);
    expect(c.text).toMatch(/^….*the printer jammed again.*…$/);
    expect(c.text.length).toBeLessThan(260);
  });

  it('escapes the text: markup in a comment is shown as text, never as HTML', async () => {
    const requester = await t.contact();
    const hostile = 'Click <img src=x onerror=alert(1)> & "<mark>" for the refund: <script>steal()</script> thanks';
    const tk = await postTicket(t, { subject: 'Plain', requester_id: requester, comment: { body: hostile } });
    const [h] = of(await search('refund'), 'ticket', tk.id);
    expect(h!.field).toBe('comment');
    expect(onlyMarks(h!.html)).toBe(true);
    expect(h!.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;&lt;mark&gt;&quot;');
    expect(read(h!.html)).toEqual({ text: hostile, marked: ['refund'] });
  });

  it('marks phrases, prefixes and addresses split as the index splits them; never an excluded word', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com' });
    const tk = await postTicket(t, { subject: 'Printer on fire', requester_id: anna, comment: { body: 'Write to anna.k@example.com please' } });
    const org = await insertOrganization(t, 'Printing Press Ltd');

    const results = await search('print*');
    expect(read(of(results, 'ticket', tk.id)[0]!.html).marked).toEqual(['printer']);
    expect(of(results, 'organization', org)).toEqual([{ field: 'name', html: '<mark>Printing</mark> Press Ltd' }]);

    const byAddress = await search('anna.k@example.com');
    const ident = of(byAddress, 'user', anna).find((h) => h.field === 'identity')!;
    expect(read(ident.html).text).toBe('anna.k@example.com');
    // FTS5 marks the phrase as one, ts_headline each of its words: the same words either way.
    expect(read(ident.html).marked.join(' ').split(/[^a-z]+/)).toEqual(['anna', 'k', 'example', 'com']);
    expect(read(of(byAddress, 'ticket', tk.id)[0]!.html)).toMatchObject({ text: 'Write to anna.k@example.com please' });

    const profile = of(await search('"anna karenina"'), 'user', anna);
    expect(profile[0]).toMatchObject({ field: 'profile' });
    expect(read(profile[0]!.html).marked.join(' ')).toBe('anna karenina');

    const [h] = of(await search('fire -printer OR fire'), 'ticket', tk.id);
    expect(read(h!.html).marked).toEqual(['fire']);
  });

  it('gives no highlight when the query has no words, and none on /search/export', async () => {
    const tk = await postTicket(t, { subject: 'Printer on fire', requester_id: await t.contact() });
    expect(of(await search('status<solved'), 'ticket', tk.id)).toEqual([]);
    const e = await t.call('GET', '/api/v2/search/export?query=printer&filter[type]=ticket');
    expect(e.body.results[0]).not.toHaveProperty('highlights');
  });
});

it('markedHtml escapes everything but its own marks, and closes a mark left open', () => {
  const marks = { start: 'S1x', stop: 'E1x' };
  expect(markedHtml('a S1x<b>E1x & S1xc', marks)).toBe('a <mark>&lt;b&gt;</mark> &amp; <mark>c</mark>');
  expect(markedHtml('no mark <here>', marks)).toBeNull();
  expect(markedHtml('line\n\nbreaks\tS1xandE1x\u0007bells', marks)).toBe('line breaks <mark>and</mark> bells');
});
