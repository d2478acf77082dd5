import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { eraseByRequest, eraseForever, hitsUnder, imageOf, plantMail, rawOf, type MailPlant } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// docs/erasure-proof.md for stored mail (issue 9, items 4 and 5; docs/erasure-proof.md "Stored mail").
// A person whose address and domain carry a unique marker writes on Bob's thread (her From
// header, her domain in her Message-ID and in an inline image's Content-ID, the image's bytes
// under a neutral name), Bob replies quoting her id (References, In-Reply-To), and Carl
// copies her on his own mail (Cc). She is erased by an erasure request, and by Delete
// Forever; afterwards no byte of any file of the SQLite data directory, and no row of any
// table on PostgreSQL, holds the marker. Carl then replies to her old message: it still
// threads, and is stored without her.
//
// Each protection can be switched off (below), and then the marker is found again in the
// place it protects: the zero hits mean something.

const off = vi.hoisted(() => new Set<string>());

// Each switch wraps the real function and only changes what it does while it is in `off`.
vi.mock('../../src/domain/redaction/raw-mail-headers.ts', async (load) => {
  const real = await load<typeof import('../../src/domain/redaction/raw-mail-headers.ts')>();
  return {
    ...real,
    // 'person': erasure does not rewrite stored mail for the person (no identifiers to look for).
    personInMail: (emails: string[]) => (off.has('person') ? { addresses: [], domains: [] } : real.personInMail(emails)),
    // 'ids': message ids and Content-IDs carrying her address or domain are left as they are.
    idPredicate: (pattern: RegExp | null, person: never, other: never) => real.idPredicate(pattern, off.has('ids') ? null : person, other),
  };
});
vi.mock('../../src/domain/mail/record-mail-people.ts', async (load) => {
  const real = await load<typeof import('../../src/domain/mail/record-mail-people.ts')>();
  // 'record': incoming To/Cc are neither made CCs nor linked to the stored message.
  return { ...real, recordMailPeople: (...a: Parameters<typeof real.recordMailPeople>) => (off.has('record') ? Promise.resolve() : real.recordMailPeople(...a)) };
});
vi.mock('../../src/db/queries/mail-people.ts', async (load) => {
  const real = await load<typeof import('../../src/db/queries/mail-people.ts')>();
  // 'files': Delete Forever leaves the files she sent on other people's tickets.
  return { ...real, sentAttachments: (...a: Parameters<typeof real.sentAttachments>) => (off.has('files') ? Promise.resolve([]) : real.sentAttachments(...a)) };
});
vi.mock('../../src/db/queries/erasure-request-mail.ts', async (load) => {
  const real = await load<typeof import('../../src/db/queries/erasure-request-mail.ts')>();
  // 'files', for the erasure request: its plan proposes none of her files either.
  return { ...real, sentFilesAfter: (...a: Parameters<typeof real.sentFilesAfter>) => (off.has('files') ? Promise.resolve([]) : real.sentFilesAfter(...a)) };
});
vi.mock('../../src/db/queries/erasure-request-planning.ts', async (load) => {
  const real = await load<typeof import('../../src/db/queries/erasure-request-planning.ts')>();
  // 'raw_matches': the erasure request's plan reads no stored mail (its raw_mail matches).
  return { ...real, rawMailCandidateTickets: (...a: Parameters<typeof real.rawMailCandidateTickets>) => (off.has('raw_matches') ? Promise.resolve([]) : real.rawMailCandidateTickets(...a)) };
});
vi.mock('../../src/domain/mail/erased-ids.ts', async (load) => {
  const real = await load<typeof import('../../src/domain/mail/erased-ids.ts')>();
  // 'quoted': a reply quoting her erased Message-ID is stored as it came.
  return { ...real, withoutErasedIds: (...a: Parameters<typeof real.withoutErasedIds>) => (off.has('quoted') ? Promise.resolve(a[1]) : real.withoutErasedIds(...a)) };
});

type Way = 'erasure request' | 'Delete Forever';
const WAYS: Way[] = ['erasure request', 'Delete Forever'];

/** The header line `name:` of a stored message (unfolded), or ''. */
const header = (msg: string | undefined, name: string) => new RegExp(`^${name}:.*$`, 'im').exec(msg ?? '')?.[0] ?? '';

/**
 * Each place, the protections that keep it (per way of erasing), and where the marker is
 * then found. A place the erasure request also reaches by its own matches needs both off.
 */
const PLACES: { place: string; off: Record<Way, string[]>; found(t: TestApp, p: MailPlant, m: string): Promise<boolean> }[] = [
  {
    place: 'her From header on Bob\'s ticket',
    off: { 'Delete Forever': ['person'], 'erasure request': ['person', 'raw_matches'] },
    found: async (t, p, m) => header((await rawOf(t, p.bobsTicket))[1], 'From').includes(m),
  },
  {
    place: 'her address in the Cc of Carl\'s mail',
    off: { 'Delete Forever': ['record'], 'erasure request': ['record'] },
    found: async (t, p, m) => header((await rawOf(t, p.carlsTicket))[0], 'Cc').includes(m),
  },
  {
    place: 'her domain in Message-ID, References and In-Reply-To',
    off: { 'Delete Forever': ['ids'], 'erasure request': ['ids'] },
    found: async (t, p, m) => {
      const [, hers, bobs] = await rawOf(t, p.bobsTicket);
      return [header(hers, 'Message-ID'), header(bobs, 'References'), header(bobs, 'In-Reply-To')].every((h) => h.includes(m));
    },
  },
  {
    // The image's part is blanked with the file (fresh headers), and its id is replaced when the file is kept.
    place: 'her domain in the Content-ID of her image',
    off: { 'Delete Forever': ['ids', 'files'], 'erasure request': ['ids', 'files'] },
    found: async (t, p, m) => header((await rawOf(t, p.bobsTicket))[1], 'Content-ID').includes(m),
  },
  {
    place: 'the image she sent, named IMG_0001.png',
    off: { 'Delete Forever': ['files'], 'erasure request': ['files'] },
    found: async (t, p, m) => {
      const a = await t.store.db.selectFrom('attachments').select(['data', 'file_name']).where('id', '=', p.imageId).executeTakeFirstOrThrow();
      return a.file_name === 'IMG_0001.png' && Buffer.from(a.data).includes(m);
    },
  },
];

/** After her erasure, Carl answers her old message: it threads onto Bob's ticket. */
async function replyQuotingHer(t: TestApp, p: MailPlant): Promise<string> {
  const before = (await rawOf(t, p.bobsTicket)).length;
  const tickets = await t.store.db.selectFrom('tickets').select('id').execute();
  await p.send({ from: 'Carl Third <carl@carl.test>', subject: 'Re: Printer', text: 'Late to this, same here.', messageId: '<c2@carl.test>', inReplyTo: p.herMessageId, references: ['<b1@keeps.test>', p.herMessageId] });
  const after = await rawOf(t, p.bobsTicket);
  expect(after).toHaveLength(before + 1);
  expect(await t.store.db.selectFrom('tickets').select('id').execute()).toHaveLength(tickets.length);
  return after[after.length - 1]!;
}

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`stored mail follows the person [${kind}]`, () => {
    let t: TestApp;
    let m: string;
    let p: MailPlant | undefined;
    beforeEach(async () => {
      off.clear();
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      m = newMarker();
      p = undefined;
    });
    afterEach(async () => {
      off.clear();
      await p?.smtp.close();
      await t.close();
    });

    /** Table.column holding the marker, and (SQLite) the files. */
    const columns = () => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, m);
    // The test checkpoints nothing and SQLite's automatic checkpoint is off: the log is
    // scanned as it is, so what empties it is the product's checkpoint after the erasure.
    const files = async () => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, m) : []);
    const erase = (way: Way) => (way === 'Delete Forever' ? eraseForever(t, p!) : eraseByRequest(t, p!));

    for (const way of WAYS) {
      it(`${way}: the marker is in no file and no row afterwards, and a reply by someone else still threads`, async () => {
        p = await plantMail(t, m);
        // The plant reached every place, and the files.
        for (const x of PLACES) expect(await x.found(t, p, m), x.place).toBe(true);
        expect(await columns()).toEqual(expect.arrayContaining(['attachments.content_id', 'attachments.data', 'raw_messages.data']));
        if (kind === 'sqlite') expect((await files()).map((h) => h.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db/)]));
        expect((await t.call('GET', `/api/v2/tickets/${p.carlsTicket}`)).body.ticket.email_cc_ids).toEqual([p.userId]);

        const r = await erase(way);
        if (r) {
          expect(r.status).toBe('completed');
          expect(r.certificate.verification.passed).toBe(true);
        }
        expect(await columns()).toEqual([]);
        expect(await files()).toEqual([]);
        // Her image is not served.
        const served = await t.app.inject({ url: `/api/v2/attachments/${p.imageId}/content`, headers: { authorization: t.owner.auth } });
        expect(served.statusCode).toBe(404);
        expect(served.rawPayload.includes(imageOf(m).subarray(8))).toBe(false);

        // Threading for everyone else: Carl answers her old message, by its original id.
        const reply = await replyQuotingHer(t, p);
        expect(reply).toContain('Late to this');
        expect(await columns()).toEqual([]);
        expect(await files()).toEqual([]);
      });

      for (const x of PLACES) {
        it(`${way}: finds the marker in ${x.place} when ${x.off[way].join(' and ')} is switched off`, async () => {
          for (const s of x.off[way]) off.add(s);
          p = await plantMail(t, m);
          expect(await x.found(t, p, m)).toBe(true);
          await erase(way);
          expect(await x.found(t, p, m)).toBe(true);
          expect((await columns()).length).toBeGreaterThan(0);
          if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
        });
      }

      it(`${way}: finds the marker in a later reply quoting her Message-ID when its replacement on arrival is switched off`, async () => {
        off.add('quoted');
        p = await plantMail(t, m);
        await erase(way);
        expect(await columns()).toEqual([]);
        const reply = await replyQuotingHer(t, p);
        expect(header(reply, 'In-Reply-To')).toContain(m);
        expect(await columns()).toEqual(['raw_messages.data']);
        if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
      });
    }
  });
}
