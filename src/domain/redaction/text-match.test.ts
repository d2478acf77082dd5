import { describe, expect, it } from 'vitest';
import { redactAligned, markRedactTags } from './redact-tags.ts';
import { countMatches, redactHtml, redactionPattern, redactPlain, visibleText } from './text-match.ts';

const p = (...t: string[]) => redactionPattern(t)!;

describe('string redaction in text and HTML', () => {
  it('matches literally, case-insensitively, with any whitespace between words', () => {
    expect(redactPlain('Anna KARENINA, anna\nkarenina', p('anna karenina')).text).toBe('▇▇▇▇▇▇▇▇▇▇▇▇▇, ▇▇▇▇\n▇▇▇▇▇▇▇▇');
    expect(redactPlain('a+b=c (x.y) [z]', p('(x.y)')).text).toBe('a+b=c ▇▇▇▇▇ [z]');
    expect(redactPlain('xay', p('x.y')).occurrences).toBe(0);
    expect(redactPlain('emoji 😀 here', p('😀')).text).toBe('emoji ▇ here');
    expect(redactionPattern(['  ', ''])).toBeNull();
    expect(countMatches('Zoë zoë ZOË', p('zoë'))).toBe(3);
  });

  it('redacts the visible text of HTML through entities and inline tags, keeping the markup', () => {
    const r = redactHtml('<p class="x">Mr <i>O&#39;Brien</i> &amp;&nbsp;Co</p><p>next</p>', p("O'Brien & Co"));
    expect(r.html).toBe('<p class="x">Mr <i>▇▇▇▇▇▇▇</i>▇▇▇▇▇</p><p>next</p>');
    expect(r.occurrences).toBe(1);
    expect(visibleText(r.html)).not.toContain('Brien');
    // Named entities of raw mail HTML count as one character each.
    expect(redactHtml('Zo&euml; Smith', p('zoë smith')).html).toBe('▇▇▇▇▇▇▇▇▇');
  });

  it('redacts attribute values and comments, never tag names', () => {
    const r = redactHtml('<div><a href="mailto:ann@x.example" title=\'ann@x.example\'>write</a><!-- ann@x.example --></div>', p('ann@x.example'));
    expect(r.html).toBe('<div><a href="mailto:▇▇▇▇▇▇▇▇▇▇▇▇▇" title="▇▇▇▇▇▇▇▇▇▇▇▇▇">write</a><!-- ▇▇▇▇▇▇▇▇▇▇▇▇▇ --></div>');
    expect(redactHtml('<div>div</div>', p('div')).html).toBe('<div>▇▇▇</div>');
  });

  it('matches across a block boundary as whitespace, keeping the boundary', () => {
    expect(redactHtml('<p>Anna</p><p>Karenina</p>', p('Anna Karenina')).html).toBe('<p>▇▇▇▇</p><p>▇▇▇▇▇▇▇▇</p>');
  });
});

describe('admin <redact> tags', () => {
  const stored = '<div class="zd-comment"><p>Call <b>Anna</b> on 0123 &amp; co.</p></div>';

  it('redacts what is marked, and carries it to the plain text by position', () => {
    const m = markRedactTags('<div class="zd-comment"><p>Call <redact><b>Anna</b> on 0123 &amp;</redact> co.</p></div>', stored);
    expect(m.html).toBe('<div class="zd-comment"><p>Call <b>▇▇▇▇</b>▇▇▇▇▇▇▇▇▇▇ co.</p></div>');
    expect(m.spans).toEqual(['Anna on 0123 &']);
    expect(redactAligned(m.visible, 'Call Anna on 0123 & co.', m.spans)).toEqual({ text: 'Call ▇▇▇▇▇▇▇▇▇▇▇▇▇▇ co.', characters: 14 });
    // A plain text that cannot be walked with the HTML falls back to the marked strings.
    expect(redactAligned(m.visible, 'Totally different. Anna on 0123 & co', m.spans).text).toBe('Totally different. ▇▇▇▇▇▇▇▇▇▇▇▇▇▇ co');
  });

  it('refuses anything but the stored HTML plus tags', () => {
    expect(() => markRedactTags('<div class="zd-comment"><p>Call <redact>Anna</redact> on 0123 &amp; co.</p></div>', stored)).toThrow();
    expect(() => markRedactTags(`${stored}</redact>`, stored)).toThrow();
    expect(() => markRedactTags(`<redact>${stored}`, stored)).toThrow();
    expect(markRedactTags(stored, stored).spans).toEqual([]);
  });
});
