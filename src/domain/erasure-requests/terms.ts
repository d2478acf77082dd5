import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { textTokens } from '../../search/syntax.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';

// Search terms of an erasure request (docs/erasure-requests.md step 1), pure. A term is one string an agent
// sees and decides on; phone numbers and IBANs are searched in each form people write them.

/** A term to store: what it is, the text shown, and the key two equal terms share. */
export interface TermSpec {
  kind: TermKind;
  value: string;
  key: string;
}

/** A phrase of index tokens (as the search indexes split text). */
export interface TermVariant {
  tokens: string[];
  prefix: false;
}

/** User custom fields taken as terms, at most. */
const MAX_FIELD_TERMS = 20;

/** Too short to mean anyone: a single letter or a two-letter word would match everywhere. */
function searchable(value: string): boolean {
  const tokens = textTokens(value);
  return tokens.length > 0 && tokens.join('').length >= 3;
}

/** The forms a phone number is written in: E.164, international, national, national without spaces. */
export function phoneForms(value: string): string[] {
  const p = parsePhoneNumberFromString(value);
  if (!p) return [value];
  const national = p.formatNational();
  return [...new Set([value, p.number, p.formatInternational(), national, national.replace(/[^\d+]/g, '')])];
}

/** An IBAN without spaces, upper case, if the text is one with a valid checksum. */
export function compactIban(text: string): string | null {
  const s = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return null;
  // ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1.
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    rest = (rest * (n >= 10 ? 100 : 10) + n) % 97;
  }
  return rest === 1 ? s : null;
}

/** An IBAN in its printed form: groups of four. */
export function groupedIban(compact: string): string {
  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Kinds that identify one person; names are shared by others and are left to the index search. */
export const IDENTIFIER_KINDS: ReadonlySet<string> = new Set(['email', 'phone', 'iban', 'twitter', 'facebook']);

/**
 * The strings an identifier is stored as, byte for byte: its written forms, and each of them
 * percent-encoded as a URL holds it (`ursula%40example.com`, `%2B442079460958`). Empty for a
 * term that is not an identifier; forms shorter than five characters are left out.
 */
export function identifierForms(kind: string, value: string): string[] {
  if (!IDENTIFIER_KINDS.has(kind)) return [];
  const iban = kind === 'iban' ? compactIban(value) : null;
  const written = kind === 'phone' ? phoneForms(value) : iban ? [value, iban, groupedIban(iban)] : [value];
  const forms = new Set<string>();
  for (const v of written) if (v.trim().length >= 5) forms.add(v).add(encodeURIComponent(v));
  return [...forms];
}

/** An identifier term's strings as a comment's HTML may hold them, in lower case (SQL compares them lower-cased); none for a name. */
export function htmlNeedles(t: { kind: string; value: string }): string[] {
  return [...new Set(identifierForms(t.kind, t.value).map((f) => f.toLowerCase()))];
}

/** Every written form of a term, each as the phrase of tokens the indexes hold. */
export function termVariants(kind: TermKind, value: string): TermVariant[] {
  let forms = [value];
  if (kind === 'phone') forms = phoneForms(value);
  if (kind === 'iban') {
    const c = compactIban(value);
    if (c) forms = [c, groupedIban(c)];
  }
  const seen = new Set<string>();
  const out: TermVariant[] = [];
  for (const f of forms) {
    const tokens = textTokens(f);
    const k = tokens.join(' ');
    if (!tokens.length || seen.has(k)) continue;
    seen.add(k);
    out.push({ tokens, prefix: false });
  }
  return out;
}

/** The key that makes two terms the same search: E.164, compact IBAN, else the tokens. */
export function termKey(kind: TermKind, value: string): string {
  if (kind === 'phone') {
    const p = parsePhoneNumberFromString(value);
    if (p) return `phone:${p.number}`;
  }
  if (kind === 'iban') {
    const c = compactIban(value);
    if (c) return `iban:${c}`;
  }
  return `text:${textTokens(value).join(' ')}`;
}

function spec(kind: TermKind, value: string): TermSpec | null {
  const v = value.trim().slice(0, 200);
  if (!searchable(v)) return null;
  return { kind, value: v, key: termKey(kind, v) };
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** A term an agent typed: an email, an IBAN or a phone number is recognised; anything else is text. */
export function classifyTerm(text: string, defaultCountry?: CountryCode): TermSpec | null {
  const v = text.trim();
  if (EMAIL.test(v)) return spec('email', v);
  if (compactIban(v)) return spec('iban', v);
  if (/^\+?[\d\s().-]{7,}$/.test(v)) {
    const p = parsePhoneNumberFromString(v, defaultCountry);
    if (p?.isValid()) return spec('phone', v.startsWith('+') ? v : p.number);
  }
  return spec('text', v);
}

export interface ProfileInput {
  name: string;
  alias: string | null;
  user_fields: string | null;
  identities: { type: 'email' | 'phone_number' | 'twitter' | 'facebook'; value: string }[];
}

const IDENTITY_KIND = { email: 'email', phone_number: 'phone', twitter: 'twitter', facebook: 'facebook' } as const;

/** Custom field values that can name a person: strings and numbers, not flags. */
function fieldValues(userFields: string | null): string[] {
  if (!userFields) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(userFields);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const out: string[] = [];
  for (const v of Object.values(parsed as Record<string, unknown>)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) out.push(String(x));
    }
  }
  return out;
}

/**
 * The terms the profile gives (docs/erasure-requests.md): name, alias, every email, phone and social
 * handle, and custom field values. Equal terms (by key) appear once, the first kept.
 */
export function profileTerms(p: ProfileInput): TermSpec[] {
  const all: (TermSpec | null)[] = [spec('name', p.name)];
  if (p.alias) all.push(spec('alias', p.alias));
  for (const i of p.identities) all.push(spec(IDENTITY_KIND[i.type], i.value));
  for (const v of fieldValues(p.user_fields).slice(0, MAX_FIELD_TERMS)) all.push(spec('user_field', v));
  return uniqueTerms(all);
}

/** Drops nulls and terms whose key came earlier. */
export function uniqueTerms(terms: (TermSpec | null)[]): TermSpec[] {
  const seen = new Set<string>();
  const out: TermSpec[] = [];
  for (const t of terms) {
    if (!t || seen.has(t.key)) continue;
    seen.add(t.key);
    out.push(t);
  }
  return out;
}

/** The country a phone number of the person belongs to, to read national numbers in their text. */
export function countryOf(phones: string[]): CountryCode | undefined {
  for (const v of phones) {
    const c = parsePhoneNumberFromString(v)?.country;
    if (c) return c;
  }
  return undefined;
}
