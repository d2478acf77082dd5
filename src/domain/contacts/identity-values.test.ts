import { describe, expect, it } from 'vitest';
import { canonicalEmail, emailKey, normalizeIdentity } from './identity-values.ts';

// The one spelling addresses are stored and compared in (docs/email.md, "Address equivalence").
describe('email address equivalence', () => {
  it('gives every equivalent spelling the same key', () => {
    const spellings = [
      'her@example.com',
      'HER@Example.COM',
      'her@example.com.',
      'her@example.com..',
      '  her@example.com  ',
      '<her@example.com>',
      '< Her@Example.com. >',
      'Her <her@example.com>',
      '"Her, Example" <HER@example.com.>',
    ];
    expect(new Set(spellings.map(emailKey))).toEqual(new Set(['her@example.com']));
    expect(normalizeIdentity('email', '"Her" <Her@Example.com.>')).toEqual({ value: 'Her@Example.com', key: 'her@example.com' });
  });

  it('keeps plus addresses distinct and refuses what is no address', () => {
    expect(emailKey('her+billing@example.com')).toBe('her+billing@example.com');
    for (const bad of ['', 'her', 'her@', 'her@.', 'her@example', 'h\u0000er@example.com', 'her@exa mple.com', '<>', `${'a'.repeat(250)}@example.com`]) {
      expect(canonicalEmail(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(() => normalizeIdentity('email', 'her@.')).toThrow();
  });
});
