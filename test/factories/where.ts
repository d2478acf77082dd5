import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { TestApp } from '../app.ts';

/**
 * Where a factory writes: a test app (its database, its clock, its owner), or a bare
 * database at a fixed time (a test that starts the real server on a database it made).
 */
export type On = TestApp | { db: Kysely<Database>; at: string };

/** The database, untyped: factories write whole rows, and tests plant rows the schema allows. */
export const dbOf = (on: On): Kysely<any> => ('store' in on ? on.store.db : on.db) as unknown as Kysely<any>;
/** The time a row is written at: the test's clock, or the bare database's fixed time. */
export const isoOf = (on: On): string => ('store' in on ? on.clock.now().toISOString() : on.at);
/** Who moves tickets and deletes contacts in rows written straight: the owner, or nobody. */
export const actorOf = (on: On): number | null => ('store' in on ? on.owner.id : null);

let seq = 0;
/** A number no other call in this process returns: unique names, tokens and addresses. */
export const nextSeq = (): number => ++seq;
