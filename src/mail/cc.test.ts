import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { suspendContact } from '../domain/contacts/suspend-contact.ts';
import { deliverRaw } from './deliver.ts';
import { smtpFixture, SUPPORT } from '../../test/smtp-fixture.ts';

// Incoming Cc recorded on the ticket, as Zendesk does (issue 9, item 5), and everyone a
// message names linked to it for erasure (raw_message_people).

describeEachDb('CCs from incoming mail', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, lastTicket, userByEmail } = f;
  const linked = async (ticketId: number) =>
    (
      await db()
        .selectFrom('raw_message_people')
        .innerJoin('raw_messages', 'raw_messages.id', 'raw_message_people.raw_message_id')
        .select(['raw_messages.id as raw', 'raw_message_people.user_id as user'])
        .where('raw_messages.ticket_id', '=', ticketId)
        .orderBy('raw_messages.id')
        .orderBy('raw_message_people.user_id')
        .execute()
    ).map((r) => [Number(r.raw), Number(r.user)]);

  it('makes the people in To and Cc CCs of the new ticket, shown to agents, with a history entry', async () => {
    const carl = await f.t().contact({ name: 'Carl Known', email: 'carl@example.test' });
    await send({
      from: '"Bob Asks" <bob@example.test>',
      to: [SUPPORT, '"Dana New" <dana@example.test>'],
      cc: ['"Anna Dupont" <Anna@Example.test>', 'carl@example.test', SUPPORT],
      subject: 'Printer',
      text: 'It broke.',
    });
    const ticket = await lastTicket();
    const anna = await userByEmail('anna@example.test');
    const dana = await userByEmail('dana@example.test');
    expect(anna).toMatchObject({ name: 'Anna Dupont', role: 'end-user' });
    expect(dana?.name).toBe('Dana New');
    const ccs = [anna!.id, carl, dana!.id].sort((a, b) => a - b);
    const api = (await f.t().call('GET', `/api/v2/tickets/${ticket.id}`)).body.ticket;
    expect(api.collaborator_ids).toEqual(ccs);
    expect(api.email_cc_ids).toEqual(ccs);
    const audits = await db().selectFrom('ticket_audits').select('events').where('ticket_id', '=', ticket.id).execute();
    const events = audits.flatMap((a) => JSON.parse(a.events) as unknown[]);
    expect(events).toContainEqual({ type: 'Change', field_name: 'collaborator_ids', value: ccs, previous_value: [] });
    const bob = (await userByEmail('bob@example.test'))!.id;
    const raw = (await linked(ticket.id))[0]![0]!;
    expect(await linked(ticket.id)).toEqual([bob, ...ccs].sort((a, b) => a - b).map((u) => [raw, u]));
  });

  it('adds new CCs from a reply, never the requester, a support address or a suspended contact', async () => {
    await send({ from: 'bob@example.test', cc: 'anna@example.test', subject: 'Q', text: 'one', messageId: '<q1@example.test>' });
    const ticket = await lastTicket();
    const eve = await f.t().contact({ name: 'Eve Suspended', email: 'eve@example.test' });
    await suspendContact(f.t().ctx, { userId: eve });
    await send({
      from: 'anna@example.test',
      to: SUPPORT,
      cc: ['bob@example.test', 'eve@example.test', 'fay@example.test'],
      subject: 'Re: Q',
      text: 'two',
      inReplyTo: '<q1@example.test>',
    });
    expect((await lastTicket()).id).toBe(ticket.id);
    const anna = (await userByEmail('anna@example.test'))!.id;
    const fay = (await userByEmail('fay@example.test'))!.id;
    const api = (await f.t().call('GET', `/api/v2/tickets/${ticket.id}`)).body.ticket;
    expect(api.collaborator_ids).toEqual([anna, fay].sort((a, b) => a - b));
    // Eve is not a CC (she gets no mail from us), but the message names her: linked for her erasure.
    expect((await linked(ticket.id)).map(([, u]) => u)).toContain(eve);
  });

  it('takes at most 48 CCs, and none (nor new contacts) from automated mail', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `p${i}@example.test`);
    await send({ from: 'list@example.test', cc: many, subject: 'Newsletter', text: 'x', headers: { Precedence: 'bulk' } });
    const bulk = await lastTicket();
    expect((await f.t().call('GET', `/api/v2/tickets/${bulk.id}`)).body.ticket.collaborator_ids).toEqual([]);
    expect(await userByEmail('p0@example.test')).toBeUndefined();
    await send({ from: 'bob@example.test', cc: many, subject: 'Everyone', text: 'x' });
    const t = await lastTicket();
    expect((await f.t().call('GET', `/api/v2/tickets/${t.id}`)).body.ticket.collaborator_ids).toHaveLength(48);
  });

  it('with no known own address (an import without --support-addresses), takes Cc but not To', async () => {
    const raw = Buffer.from('From: bob@example.test\r\nTo: help@desk.test\r\nCc: gus@example.test\r\nSubject: imported\r\nMessage-ID: <imp.1@example.test>\r\n\r\nold mail\r\n');
    await deliverRaw(f.t().ctx, raw, null, { supportAddresses: [], notify: false });
    const t = await lastTicket();
    const gus = (await userByEmail('gus@example.test'))!.id;
    expect((await f.t().call('GET', `/api/v2/tickets/${t.id}`)).body.ticket.collaborator_ids).toEqual([gus]);
    expect(await userByEmail('help@desk.test')).toBeUndefined();
  });
});
