import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { IdentityType } from '../../db/schema.ts';
import { invalidField } from '../../errors.ts';

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/**
 * Checks an identity value and returns it with the key it is unique by:
 * lower-cased email, E.164 phone, handle without `@`.
 */
export function normalizeIdentity(type: IdentityType, raw: string): { value: string; key: string } {
  const value = raw.trim();
  if (!value) throw invalidField('value', `${type} cannot be blank`);
  switch (type) {
    case 'email':
      if (!EMAIL.test(value) || value.length > 254) throw invalidField('email', 'is not a valid email address');
      return { value, key: value.toLowerCase() };
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
