import { invalidField } from '../../errors.ts';

// Locales as Zendesk writes them (`en-us`, `fr`, `pt-br`): lower case, a language and an
// optional region. The API accepts any case and stores lower case.

/** The locale an item is written in when none is given (Zendesk's default help centre locale). */
export const DEFAULT_LOCALE = 'en-us';

const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,4})?$/;

export function normalLocale(locale: string, field = 'locale'): string {
  const l = locale.trim().toLowerCase();
  if (!LOCALE.test(l)) throw invalidField(field, `${field[0]!.toUpperCase()}${field.slice(1)}: "${l.slice(0, 20)}" is not a locale like en-us or fr.`);
  return l;
}
