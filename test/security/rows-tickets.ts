import { admins, api, deleters, noStaff, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// Tickets and comments, the Spam and Deleted tickets views, uploads and attachments,
// search and redaction.

async function spamTicket(w: World) {
  const tk = await w.ticket();
  await w.must('PUT', api(`/tickets/${tk.ticketId}/mark_as_spam`));
  return tk;
}

async function deletedTicket(w: World) {
  const tk = await w.ticket();
  await w.must('DELETE', api(`/tickets/${tk.ticketId}`));
  return tk;
}

/** A file of a comment, where the ticket is in a given state. */
async function fileOf(w: World, state: 'active' | 'spam' | 'deleted' | 'erased' | 'redacted') {
  const f = await w.ticketWithFile();
  if (state === 'spam') await w.must('PUT', api(`/tickets/${f.ticketId}/mark_as_spam`));
  if (state === 'deleted' || state === 'erased') await w.must('DELETE', api(`/tickets/${f.ticketId}`));
  if (state === 'erased') {
    await w.must('DELETE', api(`/deleted_tickets/${f.ticketId}`));
    await w.t.drainJobs();
  }
  if (state === 'redacted') await w.must('PUT', api(`/tickets/${f.ticketId}/comments/${f.commentId}/attachments/${f.attachmentId}/redact`));
  return f.attachmentId;
}

const fileRows = (what: string, state: Parameters<typeof fileOf>[1], status: number): Row[] => [
  { area: 'Uploads and attachments', action: `show ${what}`, method: 'GET', path: '/attachments/{id}', expect: status === 200 ? staff(200) : noStaff(status), make: async (w) => ({ url: api(`/attachments/${await fileOf(w, state)}`) }) },
  {
    area: 'Uploads and attachments', action: `download ${what}`, method: 'GET', path: '/attachments/{id}/content', expect: status === 200 ? staff(200) : noStaff(status),
    make: async (w) => ({ url: api(`/attachments/${await fileOf(w, state)}/content`) }),
  },
];

export const ticketRows: Row[] = [
  // Tickets and comments
  { area: 'Tickets', action: 'list tickets', method: 'GET', path: '/tickets', expect: staff(200) },
  { area: 'Tickets', action: 'show a ticket', method: 'GET', path: '/tickets/{id}', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}`) }) },
  { area: 'Tickets', action: 'show many tickets', method: 'GET', path: '/tickets/show_many?ids=', expect: staff(200), make: async (w) => ({ url: api(`/tickets/show_many?ids=${(await w.ticket()).ticketId}`) }) },
  {
    area: 'Tickets', action: 'create a ticket', method: 'POST', path: '/tickets', expect: staff(201),
    make: async (w) => ({ url: api('/tickets'), body: { ticket: { subject: 'Phoned in', requester_id: await w.contact(), comment: { body: 'By phone.' } } } }),
  },
  { area: 'Tickets', action: 'update a ticket', method: 'PUT', path: '/tickets/{id}', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}`), body: { ticket: { priority: 'high' } } }) },
  {
    area: 'Tickets', action: 'add a comment (or an internal note)', method: 'PUT', path: '/tickets/{id} {comment}', expect: staff(200),
    make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}`), body: { ticket: { comment: { body: 'We are on it.', public: false } } } }),
  },
  { area: 'Tickets', action: "list a ticket's comments", method: 'GET', path: '/tickets/{id}/comments', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/comments`) }) },
  { area: 'Tickets', action: "see what became of a ticket's mail", method: 'GET', path: '/tickets/{id}/outbound_mail', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/outbound_mail`) }) },
  { area: 'Tickets', action: 'close a solved ticket now', method: 'PUT', path: '/tickets/{id}/close', expect: admins(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket({ status: 'solved' })).ticketId}/close`) }) },
  { area: 'Tickets', action: 'mark as spam', method: 'PUT', path: '/tickets/{id}/mark_as_spam', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/mark_as_spam`) }) },
  {
    area: 'Tickets', action: 'bulk update tickets (job)', method: 'PUT', path: '/tickets/update_many?ids=', expect: staff(200),
    make: async (w) => ({ url: api(`/tickets/update_many?ids=${(await w.ticket()).ticketId}`), body: { ticket: { priority: 'high', additional_tags: ['bulk'] } } }),
  },
  { area: 'Tickets', action: 'bulk mark as spam (job)', method: 'PUT', path: '/tickets/mark_many_as_spam?ids=', expect: staff(200), make: async (w) => ({ url: api(`/tickets/mark_many_as_spam?ids=${(await w.ticket()).ticketId}`) }) },
  { area: 'Tickets', action: 'delete a ticket (to Deleted tickets)', method: 'DELETE', path: '/tickets/{id}', expect: deleters(204), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}`) }) },
  { area: 'Tickets', action: 'bulk delete tickets (job)', method: 'DELETE', path: '/tickets/destroy_many?ids=', expect: deleters(200), make: async (w) => ({ url: api(`/tickets/destroy_many?ids=${(await w.ticket()).ticketId}`) }) },

  // Spam
  { area: 'Spam', action: 'list the Spam view', method: 'GET', path: '/spam_tickets', expect: staff(200) },
  { area: 'Spam', action: 'not spam', method: 'PUT', path: '/spam_tickets/{id}/not_spam', expect: staff(200), make: async (w) => ({ url: api(`/spam_tickets/${(await spamTicket(w)).ticketId}/not_spam`) }) },
  { area: 'Spam', action: 'bulk not spam (job)', method: 'PUT', path: '/spam_tickets/not_spam_many?ids=', expect: staff(200), make: async (w) => ({ url: api(`/spam_tickets/not_spam_many?ids=${(await spamTicket(w)).ticketId}`) }) },
  { area: 'Spam', action: 'erase a spam ticket (job)', method: 'DELETE', path: '/spam_tickets/{id}', expect: deleters(200), make: async (w) => ({ url: api(`/spam_tickets/${(await spamTicket(w)).ticketId}`) }) },
  { area: 'Spam', action: 'bulk erase spam tickets (job)', method: 'DELETE', path: '/spam_tickets/destroy_many?ids=', expect: deleters(200), make: async (w) => ({ url: api(`/spam_tickets/destroy_many?ids=${(await spamTicket(w)).ticketId}`) }) },

  // Deleted tickets
  { area: 'Deleted tickets', action: 'list Deleted tickets', method: 'GET', path: '/deleted_tickets', expect: deleters(200) },
  { area: 'Deleted tickets', action: 'restore a deleted ticket', method: 'PUT', path: '/deleted_tickets/{id}/restore', expect: deleters(200), make: async (w) => ({ url: api(`/deleted_tickets/${(await deletedTicket(w)).ticketId}/restore`) }) },
  { area: 'Deleted tickets', action: 'bulk restore', method: 'PUT', path: '/deleted_tickets/restore_many?ids=', expect: deleters(200), make: async (w) => ({ url: api(`/deleted_tickets/restore_many?ids=${(await deletedTicket(w)).ticketId}`) }) },
  { area: 'Deleted tickets', action: 'erase a deleted ticket (job)', method: 'DELETE', path: '/deleted_tickets/{id}', expect: deleters(200), make: async (w) => ({ url: api(`/deleted_tickets/${(await deletedTicket(w)).ticketId}`) }) },
  { area: 'Deleted tickets', action: 'bulk erase deleted tickets (job)', method: 'DELETE', path: '/deleted_tickets/destroy_many?ids=', expect: deleters(200), make: async (w) => ({ url: api(`/deleted_tickets/destroy_many?ids=${(await deletedTicket(w)).ticketId}`) }) },

  // Uploads and attachments
  { area: 'Uploads and attachments', action: 'upload a file', method: 'POST', path: '/uploads?filename=', expect: staff(201), make: async () => ({ url: api('/uploads?filename=note.txt'), body: Buffer.from('a note') }) },
  {
    area: 'Uploads and attachments', action: 'add a file to your upload', method: 'POST', path: '/uploads?filename=&token=', expect: staff(201),
    make: async (w, who) => ({ url: api(`/uploads?filename=more.txt&token=${(await w.upload(w.people[who])).token}`), body: Buffer.from('more') }),
  },
  { area: 'Uploads and attachments', action: 'throw away your upload', method: 'DELETE', path: '/uploads/{token}', expect: staff(204), make: async (w, who) => ({ url: api(`/uploads/${(await w.upload(w.people[who])).token}`) }) },
  { area: 'Uploads and attachments', action: 'show your upload (not yet in a comment)', method: 'GET', path: '/attachments/{id}', expect: staff(200), make: async (w, who) => ({ url: api(`/attachments/${(await w.upload(w.people[who])).attachmentId}`) }) },
  {
    area: 'Uploads and attachments', action: 'download your upload (not yet in a comment)', method: 'GET', path: '/attachments/{id}/content', expect: staff(200),
    make: async (w, who) => ({ url: api(`/attachments/${(await w.upload(w.people[who])).attachmentId}/content`) }),
  },
  {
    area: 'Uploads and attachments', action: "show someone else's upload", method: 'GET', path: '/attachments/{id}', expect: noStaff(404),
    make: async (w) => ({ url: api(`/attachments/${(await w.upload(await w.colleague())).attachmentId}`) }),
  },
  {
    area: 'Uploads and attachments', action: "download someone else's upload", method: 'GET', path: '/attachments/{id}/content', expect: noStaff(404),
    make: async (w) => ({ url: api(`/attachments/${(await w.upload(await w.colleague())).attachmentId}/content`) }),
  },
  ...fileRows("a ticket's file", 'active', 200),
  ...fileRows("a Spam ticket's file", 'spam', 200),
  ...fileRows("a deleted ticket's file", 'deleted', 404),
  ...fileRows("an erased ticket's file", 'erased', 404),
  ...fileRows('a redacted file', 'redacted', 404),

  // Search
  { area: 'Search', action: 'search', method: 'GET', path: '/search?query=', expect: staff(200), make: async () => ({ url: api('/search?query=help') }) },
  { area: 'Search', action: 'count', method: 'GET', path: '/search/count?query=', expect: staff(200), make: async () => ({ url: api('/search/count?query=help') }) },
  { area: 'Search', action: 'export', method: 'GET', path: '/search/export?query=&filter[type]=', expect: staff(200), make: async () => ({ url: api('/search/export?query=help&filter[type]=ticket') }) },

  // Redaction
  {
    area: 'Redaction', action: 'redact a string from a comment', method: 'PUT', path: '/tickets/{tid}/comments/{cid}/redact', expect: deleters(200),
    make: async (w) => {
      const tk = await w.ticket({ body: 'My card is 4111 1111 1111 1111.' });
      return { url: api(`/tickets/${tk.ticketId}/comments/${tk.commentId}/redact`), body: { text: '4111 1111 1111 1111' } };
    },
  },
  ...(['PUT', 'DELETE'] as const).map(
    (method): Row => ({
      area: 'Redaction', action: 'redact an attachment', method, path: '/tickets/{tid}/comments/{cid}/attachments/{aid}/redact', expect: deleters(200),
      make: async (w) => {
        const f = await w.ticketWithFile();
        return { url: api(`/tickets/${f.ticketId}/comments/${f.commentId}/attachments/${f.attachmentId}/redact`) };
      },
    }),
  ),
  ...(['open', 'closed'] as const).map(
    (status): Row => ({
      area: 'Redaction', action: `redact marked passages (${status} ticket)`, method: 'PUT', path: '/comment_redactions/{cid}', expect: admins(200),
      make: async (w) => {
        const tk = await w.ticket({ body: 'Call me on 07700 900123.', status: status === 'closed' ? 'closed' : undefined });
        const c = (await w.must('GET', api(`/tickets/${tk.ticketId}/comments`))).comments[0];
        const html = (c.html_body as string).replace('07700 900123', '<redact>07700 900123</redact>');
        return { url: api(`/comment_redactions/${tk.commentId}`), body: { ticket_id: tk.ticketId, html_body: html } };
      },
    }),
  ),
];
