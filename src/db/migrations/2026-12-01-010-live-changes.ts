import { sql, type Kysely } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.
//
// The live feed (docs/live.md): every committed ticket audit and audit event is announced,
// in ids and action names only, to the servers on this database. On PostgreSQL triggers
// call pg_notify, which delivers at commit and in commit order, so a listener never misses
// a change committed out of id order (a sequence hands out ids before commit). SQLite
// serializes writers, so its feed polls by id instead and needs nothing here.

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  if (!caps.changeNotifications) return;
  // The channel names the schema, so that two Oubli schemas on one database never hear
  // each other's changes.
  await sql
    .raw(
      `create function oubli_announce_ticket_audit() returns trigger language plpgsql as $$
begin
  perform pg_notify('oubli_changes_' || current_schema(),
    json_build_object('kind', 'ticket', 'id', new.id, 'ticket_id', new.ticket_id, 'author_id', new.author_id)::text);
  return null;
end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function oubli_announce_audit_event() returns trigger language plpgsql as $$
begin
  perform pg_notify('oubli_changes_' || current_schema(),
    json_build_object('kind', 'event', 'id', new.id, 'action', new.action, 'subject_type', new.subject_type, 'subject_id', new.subject_id)::text);
  return null;
end $$`,
    )
    .execute(db);
  await sql.raw(`create trigger ticket_audits_announce after insert on ticket_audits for each row execute function oubli_announce_ticket_audit()`).execute(db);
  await sql.raw(`create trigger audit_events_announce after insert on audit_events for each row execute function oubli_announce_audit_event()`).execute(db);
}
