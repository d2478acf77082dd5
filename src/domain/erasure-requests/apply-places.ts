import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { markApplied, type ErasureRequestRow, type MatchRow } from '../../db/queries/erasure-requests.ts';
import { removeTicketTags } from '../../db/queries/erasure-request-records.ts';
import { findOrganizationByName, getOrganization, updateOrganizationRow } from '../../db/queries/organizations.ts';
import { tagsOfTickets, updateTicketRow, type TicketRow } from '../../db/queries/tickets.ts';
import { getUser, updateUserRow } from '../../db/queries/users.ts';
import { recordEvent } from '../events.ts';
import { redactionPattern, redactPlain } from '../redaction/text-match.ts';
import { fieldEvent, writeTicketAudit } from '../tickets/ticket-audit.ts';
import { parseCustomFields } from '../tickets/ticket-rules.ts';
import { distinctLongestFirst, occurrences, type Occurrence } from './matching.ts';
import { parseUserFields, USER_FIELD_PREFIX, valueTexts } from './record-places.ts';

// Carrying out confirmed matches outside a ticket's text (issue 9, item 5): a tag comes off
// the ticket, a custom field's value is cleared, the term in an organization's notes or
// details or in another person's profile becomes ▇, an organization named after the person
// gets a neutral name. Each re-reads its place first: a place gone, or that no longer holds
// the term (changed since planning), is skipped and its match marked `gone`. Audit events
// hold ids, field names and counts, never the text.

/** The pattern of each accepted term, by term id. */
export type TermPatterns = Map<number, RegExp>;

export interface TicketApply {
  r: ErasureRequestRow;
  t: TicketRow;
  matches: MatchRow[];
  patterns: TermPatterns;
  now: string;
}

export interface RecordApply {
  r: ErasureRequestRow;
  matches: MatchRow[];
  patterns: TermPatterns;
  now: string;
}

const patternOf = (patterns: TermPatterns, m: MatchRow) => (m.term_id !== null ? patterns.get(m.term_id) : undefined);
const holds = (texts: string[], p: RegExp | undefined) => !!p && texts.some((x) => occurrences(x, p).length > 0);

/** Takes the tags that hold a confirmed term off the ticket. */
export async function removeTags(ctx: Ctx, trx: Kysely<Database>, a: TicketApply): Promise<void> {
  const ms = a.matches.filter((m) => m.location === 'tag');
  if (!ms.length) return;
  const tags = (await tagsOfTickets(trx, [a.t.id])).map((x) => x.tag);
  const remove = new Set<string>();
  const done: number[] = [];
  const gone: number[] = [];
  for (const m of ms) {
    const p = patternOf(a.patterns, m);
    const these = p ? tags.filter((tag) => occurrences(tag, p).length > 0) : [];
    for (const tag of these) remove.add(tag);
    (these.length ? done : gone).push(m.id);
  }
  const removed = await removeTicketTags(trx, a.t.id, [...remove]);
  if (removed) {
    await updateTicketRow(trx, a.t.id, { updated_at: a.now });
    await writeTicketAudit(ctx, trx, a.t.id, [fieldEvent('Change', 'tags')]);
    await recordEvent(ctx, trx, { action: 'ticket.tags_removed', subjectType: 'ticket', subjectId: a.t.id, details: { ticket_id: a.t.id, tags: removed, erasure_request_id: a.r.id } });
  }
  await markApplied(trx, done, 'remove_tag', a.now);
  await markApplied(trx, gone, 'gone', a.now);
}

/** Clears the value of each custom field that still holds a confirmed term. */
export async function clearFields(ctx: Ctx, trx: Kysely<Database>, a: TicketApply): Promise<void> {
  const ms = a.matches.filter((m) => m.location === 'custom_field');
  if (!ms.length) return;
  const fields = parseCustomFields(a.t.custom_fields);
  const cleared: number[] = [];
  const done: number[] = [];
  const gone: number[] = [];
  for (const m of ms) {
    const f = fields.find((x) => String(x.id) === m.field);
    if (!f || !holds(valueTexts(f.value), patternOf(a.patterns, m))) {
      gone.push(m.id);
      continue;
    }
    f.value = null;
    cleared.push(f.id);
    done.push(m.id);
  }
  if (cleared.length) {
    const text = JSON.stringify(fields);
    await updateTicketRow(trx, a.t.id, { custom_fields: text, updated_at: a.now });
    a.t.custom_fields = text;
    await writeTicketAudit(ctx, trx, a.t.id, [fieldEvent('Change', 'custom_fields')]);
    const ids = [...new Set(cleared)];
    await recordEvent(ctx, trx, { action: 'ticket.custom_fields_cleared', subjectType: 'ticket', subjectId: a.t.id, details: { ticket_id: a.t.id, field_ids: ids, erasure_request_id: a.r.id } });
  }
  await markApplied(trx, done, 'clear_field', a.now);
  await markApplied(trx, gone, 'gone', a.now);
}

/** Redacts every occurrence of the matches' terms in `text` (longest first); null when none is left. */
function redacted(text: string | null, ps: (RegExp | undefined)[]): { text: string; characters: number } | null {
  if (!text) return null;
  const found: Occurrence[] = ps.flatMap((p) => (p ? occurrences(text, p) : []));
  const pattern = redactionPattern(distinctLongestFirst(found));
  if (!pattern) return null;
  const r = redactPlain(text, pattern);
  return r.occurrences ? { text: r.text, characters: r.characters } : null;
}

function byId(ms: MatchRow[], key: 'organization_id' | 'profile_user_id'): Map<number, MatchRow[]> {
  const out = new Map<number, MatchRow[]>();
  for (const m of ms) if (m[key] !== null) out.set(m[key]!, [...(out.get(m[key]!) ?? []), m]);
  return out;
}

/** An organization's notes and details redacted (▇); a name that holds the term is replaced by `Organization <id>`. */
export async function redactOrganizations(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  for (const [id, ms] of byId(a.matches.filter((m) => m.location === 'organization'), 'organization_id')) {
    const org = await getOrganization(trx, id);
    const patch: { name?: string; notes?: string; details?: string } = {};
    const done = new Map<number, string>();
    const gone: number[] = [];
    let characters = 0;
    for (const field of ['notes', 'details'] as const) {
      const these = ms.filter((m) => m.field === field);
      const r = org && these.length ? redacted(org[field], these.map((m) => patternOf(a.patterns, m))) : null;
      if (r) {
        patch[field] = r.text;
        characters += r.characters;
      }
      for (const m of these) (r && holds([org![field] ?? ''], patternOf(a.patterns, m)) ? done.set(m.id, 'redact_org_text') : gone.push(m.id));
    }
    for (const m of ms.filter((x) => x.field === 'name')) {
      if (!org || !holds([org.name], patternOf(a.patterns, m))) {
        gone.push(m.id);
        continue;
      }
      // Names are unique: the neutral name is this organization's own.
      patch.name = (await findOrganizationByName(trx, `Organization ${id}`, id)) ? `Organization #${id}` : `Organization ${id}`;
      done.set(m.id, 'rename_org');
    }
    if (org && Object.keys(patch).length) {
      await updateOrganizationRow(trx, id, { ...patch, updated_at: a.now });
      await recordEvent(ctx, trx, {
        action: 'organization.redacted',
        subjectType: 'organization',
        subjectId: id,
        details: { organization_id: id, fields: Object.keys(patch).sort(), characters, erasure_request_id: a.r.id },
      });
    }
    for (const action of ['redact_org_text', 'rename_org']) await markApplied(trx, [...done].filter(([, x]) => x === action).map(([k]) => k), action, a.now);
    await markApplied(trx, gone, 'gone', a.now);
  }
}

/** The term becomes ▇ in another person's notes, details and custom user fields (a number that holds it is cleared). */
export async function redactProfiles(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  for (const [id, ms] of byId(a.matches.filter((m) => m.location === 'profile'), 'profile_user_id')) {
    const u = await getUser(trx, id);
    const live = u && !u.erased_at ? u : null;
    const fields = parseUserFields(live?.user_fields ?? null);
    const patch: { notes?: string; details?: string; user_fields?: string } = {};
    const done: number[] = [];
    const gone: number[] = [];
    let characters = 0;
    let changed = 0;
    for (const field of new Set(ms.map((m) => m.field))) {
      const these = ms.filter((m) => m.field === field);
      const ps = these.map((m) => patternOf(a.patterns, m));
      let hit = false;
      if (live && (field === 'notes' || field === 'details')) {
        const r = redacted(live[field], ps);
        if (r) {
          patch[field] = r.text;
          characters += r.characters;
          hit = true;
        }
      } else if (live && field.startsWith(USER_FIELD_PREFIX)) {
        const key = field.slice(USER_FIELD_PREFIX.length);
        const v = fields[key];
        if (typeof v === 'string') {
          const r = redacted(v, ps);
          if (r) [fields[key], characters, hit] = [r.text, characters + r.characters, true];
        } else if (Array.isArray(v)) {
          const items = v.map((x) => (typeof x === 'string' ? redacted(x, ps) : null));
          if (items.some((x) => x)) [fields[key], hit] = [v.map((x, i) => items[i]?.text ?? x), true];
        } else if (holds(valueTexts(v), ps.find((p) => holds(valueTexts(v), p)))) [fields[key], hit] = [null, true];
        if (hit) patch.user_fields = JSON.stringify(fields);
      }
      if (hit) changed++;
      (hit ? done : gone).push(...these.map((m) => m.id));
    }
    if (live && changed) {
      await updateUserRow(trx, id, { ...patch, updated_at: a.now });
      await recordEvent(ctx, trx, { action: 'user.profile_redacted', subjectType: 'user', subjectId: id, details: { user_id: id, fields: changed, characters, erasure_request_id: a.r.id } });
    }
    await markApplied(trx, done, 'redact_profile', a.now);
    await markApplied(trx, gone, 'gone', a.now);
  }
}
