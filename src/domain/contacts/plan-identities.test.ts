import { describe, expect, it } from 'vitest';
import { planIdentities } from './create-user.ts';

describe('planIdentities', () => {
  const primaries = (input: Parameters<typeof planIdentities>[0]) =>
    planIdentities(input)
      .filter((i) => i.primary)
      .map((i) => `${i.type}:${i.key}`);

  it('makes the identity marked primary the primary of its type', () => {
    expect(primaries({ identities: [{ type: 'email', value: 'a@example.com' }, { type: 'email', value: 'B@example.com', primary: true }] })).toEqual(['email:b@example.com']);
  });

  it('takes the first of a type when none is marked, and `email` over a marked identity', () => {
    expect(primaries({ identities: [{ type: 'email', value: 'a@example.com' }, { type: 'email', value: 'b@example.com' }] })).toEqual(['email:a@example.com']);
    expect(primaries({ email: 'c@example.com', identities: [{ type: 'email', value: 'b@example.com', primary: true }] })).toEqual(['email:c@example.com']);
  });
});
