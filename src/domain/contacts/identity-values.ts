import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { IdentityType } from '../../db/schema.ts';
import { invalidField } from '../../errors.ts';

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The one spelling of an email address that Oubli stores and compares (docs/email.md,
 * "Address equivalence"): surrounding whitespace, angle brackets and a display name
 * (`"Her" <her@example.com>`) are dropped, and so are trailing dots of the domain
 * (`example.com.` is the same fully-qualified name). Case is kept here and folded in
 * the key. A `+tag` stays part of the address: Zendesk treats plus addresses as distinct,
 * and so does Oubli. Null when what is left is not an address.
 */
export function canonicalEmail(raw: string): string | null {
  let v = raw.trim();
  const bracketed = /<([^<>]*)>\s*$/.exec(v);
  if (bracketed) v = bracketed[1]!.trim();
  v = v.replace(/\.+$/, '');
  if (CONTROL.test(v) || v.length > 254 || !EMAIL.test(v)) return null;
  return v;
}

/** The comparison key of an email address (see canonicalEmail), or null when it is none. */
export function emailKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = canonicalEmail(raw);
  return v === null ? null : v.toLowerCase();
}

/**
 * Checks an identity value and returns it with the key it is unique by:
 * the canonical email (lower-cased for the key), E.164 phone, handle without `@`.
 */
export function normalizeIdentity(type: IdentityType, raw: string): { value: string; key: string } {
  const value = raw.trim();
  if (!value) throw invalidField('value', `${type} cannot be blank`);
  switch (type) {
    case 'email': {
      const email = canonicalEmail(value);
      if (email === null) throw invalidField('email', 'is not a valid email address');
      return { value: email, key: email.toLowerCase() };
    }
    case 'phone_number': {
      const phone = parsePhoneNumberFromString(value, { defaultCallingCode: undefined });
      if (!phone || !phone.isPossible()) {
        throw invalidField('phone', 'is not a valid phone number (use the international form, +44 20 …)');
      }
      return { value, key: phone.number };
    }
    case 'twitter':
    case 'facebook':
      return { value, key: value.replace(/^@/, '').toLowerCase() };
  }
}
