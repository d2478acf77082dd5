import { findNumbers, type CountryCode } from 'libphonenumber-js';
import { compactIban, termKey, type TermSpec } from './terms.ts';

// Further identifiers found in the text a person wrote (docs/erasure-requests.md: "the agent can add terms
// found on the way"), pure: email addresses, phone numbers (libphonenumber-js) and IBANs
// whose checksum holds. They are offered as suggestions, never searched until accepted.

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
// Two letters, two check digits, then 11 to 30 capitals or digits, in groups or not.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;

/** The longest valid IBAN the match starts with: the pattern may run on into the next word. */
function ibanAt(text: string): string | null {
  const groups = text.split(' ');
  for (let n = groups.length; n > 0; n--) {
    const c = compactIban(groups.slice(0, n).join(''));
    if (c) return c;
  }
  return null;
}

/** The identifiers in `text`, each once (by term key), in the order found. */
export function findIdentifiers(text: string, defaultCountry?: CountryCode): TermSpec[] {
  const out: TermSpec[] = [];
  const seen = new Set<string>();
  const add = (t: TermSpec) => {
    if (seen.has(t.key)) return;
    seen.add(t.key);
    out.push(t);
  };
  for (const m of text.matchAll(EMAIL)) {
    const value = m[0].toLowerCase().replace(/\.+$/, '');
    add({ kind: 'email', value, key: termKey('email', value) });
  }
  for (const m of text.matchAll(IBAN)) {
    const c = ibanAt(m[0]);
    if (c) add({ kind: 'iban', value: c, key: `iban:${c}` });
  }
  // `valid` leniency: a number must be one a numbering plan could give out, not any digits.
  for (const f of findNumbers(text, { defaultCountry, v2: true })) {
    const value = f.number.number;
    add({ kind: 'phone', value, key: termKey('phone', value) });
  }
  return out;
}
