import { describe, expect, it } from 'vitest';
import { findIdentifiers } from './identifiers.ts';
import { distinctLongestFirst, occurrences, proposedAction, snippetAt, termPattern } from './matching.ts';
import { classifyTerm, compactIban, phoneForms, profileTerms, termKey, termVariants } from './terms.ts';

describe('terms from a profile', () => {
  it('takes the name, alias, every identity and custom field values, each once', () => {
    const terms = profileTerms({
      name: 'Anna Karenina',
      alias: 'anna karenina',
      user_fields: JSON.stringify({ address: '12 Rue de la Paix', vip: true, member_no: 48213, empty: null }),
      identities: [
        { type: 'email', value: 'Anna.K@example.com' },
        { type: 'email', value: 'anna.karenina@work.example' },
        { type: 'phone_number', value: '+44 20 7946 0958' },
        { type: 'twitter', value: '@annak' },
      ],
    });
    expect(terms.map((t) => `${t.kind}=${t.value}`)).toEqual([
      'name=Anna Karenina',
      'email=Anna.K@example.com',
      'email=anna.karenina@work.example',
      'phone=+44 20 7946 0958',
      'twitter=@annak',
      'user_field=12 Rue de la Paix',
      'user_field=48213',
    ]);
  });

  it('skips what is too short to mean anyone', () => {
    expect(profileTerms({ name: 'Al', alias: 'A', user_fields: null, identities: [] })).toEqual([]);
  });

  it('searches a phone number in the forms people write it', () => {
    expect(phoneForms('+44 20 7946 0958')).toEqual(['+44 20 7946 0958', '+442079460958', '020 7946 0958', '02079460958']);
    expect(termVariants('phone', '+44 20 7946 0958').map((v) => v.tokens.join(' '))).toEqual(['44 20 7946 0958', '442079460958', '020 7946 0958', '02079460958']);
    expect(termKey('phone', '+44 20 7946 0958')).toBe(termKey('phone', '+442079460958'));
  });

  it('recognises what an agent types', () => {
    expect(classifyTerm('anna.k@example.com')?.kind).toBe('email');
    expect(classifyTerm('GB82 WEST 1234 5698 7654 32')?.kind).toBe('iban');
    expect(classifyTerm('GB82 WEST 1234 5698 7654 33')?.kind).toBe('text');
    expect(classifyTerm('020 7946 0958', 'GB')).toMatchObject({ kind: 'phone', value: '+442079460958' });
    expect(classifyTerm('12 Rue de la Paix')?.kind).toBe('text');
    expect(compactIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(compactIban('DE89 3704 0044 0532 0130 01')).toBeNull();
  });
});

describe('finding a term in text', () => {
  const p = termPattern([...termVariants('name', 'Anna Karenina'), ...termVariants('alias', 'Anna')])!;

  it('matches the tokens in a row, case and punctuation aside, never inside a longer word', () => {
    expect(occurrences('Hi ANNA-karenina and Anna, not Annabel or Joanna', p).map((o) => o.text)).toEqual(['ANNA-karenina', 'Anna']);
    expect(occurrences('Annakarenina', p)).toEqual([]);
  });

  it('redacts the longest string first, so a full name goes before a part of it', () => {
    expect(distinctLongestFirst(occurrences('Anna, Anna Karenina, anna karenina', p))).toEqual(['Anna Karenina', 'Anna']);
  });

  it('cuts a short snippet around the match', () => {
    const text = `${'word '.repeat(30)}then Anna Karenina wrote ${'more '.repeat(30)}`;
    const s = snippetAt(text, occurrences(text, p)[0]!);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('then Anna Karenina wrote');
    expect(s.length).toBeLessThan(110);
  });

  it('proposes what docs/erasure-requests.md says', () => {
    const open = { state: 'active', status: 'open' };
    expect(proposedAction('comment', open)).toBe('redact');
    expect(proposedAction('raw_mail', open)).toBe('redact');
    expect(proposedAction('subject', open)).toBe('redact_subject');
    expect(proposedAction('attachment_name', open)).toBe('redact_attachment');
    expect(proposedAction('comment', { state: 'active', status: 'closed' })).toBe('delete_ticket');
    expect(proposedAction('attachment_name', { state: 'deleted', status: 'open' })).toBe('delete_ticket');
    expect(proposedAction('requested_ticket', open)).toBe('erase_with_user');
  });
});

describe('suggestions', () => {
  it('finds emails, phone numbers and IBANs whose checksum holds', () => {
    const found = findIdentifiers('Write to Anna.K@Example.com or call 07911 123456; IBAN GB82 WEST 1234 5698 7654 32 and not GB82 WEST 1234 5698 7654 33.', 'GB');
    expect(found.map((f) => `${f.kind}=${f.value}`)).toEqual(['email=anna.k@example.com', 'iban=GB82WEST12345698765432', 'phone=+447911123456']);
  });
});
