import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

// RFC 4180's cases: a field is quoted exactly when it holds a comma, a quote, CR or LF.
describe('the CSV writer', () => {
  it('quotes what needs quoting and nothing else', () => {
    expect(csvField('api')).toBe('api');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded ')).toBe(' padded ');
  });
  it('ends every line with CRLF, the header first', () => {
    expect(toCsv(['day', 'n'], [['2026-11-22', 1], ['x,y', null]])).toBe('day,n\r\n2026-11-22,1\r\n"x,y",\r\n');
    expect(toCsv(['day'], [])).toBe('day\r\n');
  });
});
