import { badBodyIds, badBodyTexts, badIdsQuery, badPathIds, describeBadInput, type BadCase, type World } from './bad-input-kit.ts';

// Bad input for tickets, comments, the Spam and Deleted views with their bulk actions,
// uploads and attachments, and redaction.

const newTicket = (w: World, extra: Record<string, unknown> = {}, comment: Record<string, unknown> = {}) => ({
  ticket: { subject: 'New', requester_id: w.contact, comment: { body: 'Hello', ...comment }, ...extra },
});

const tickets = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${id}`, { ticket: { subject: 'Changed' } }),
  ...badPathIds('DELETE', (id) => `/api/v2/tickets/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${id}/mark_as_spam`),
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${id}/close`),
  ...badIdsQuery('GET', '/api/v2/tickets/show_many'),
  ...badIdsQuery('DELETE', '/api/v2/tickets/destroy_many'),
  ...badIdsQuery('PUT', '/api/v2/tickets/mark_many_as_spam'),
  ...badIdsQuery('PUT', '/api/v2/tickets/update_many'),
  ...(['assignee_id', 'group_id'] as const).flatMap((f) => badBodyIds('PUT', `/api/v2/tickets/update_many?ids=${w.ticket}`, f, (v) => ({ ticket: { [f]: v } }))),
  ...badBodyTexts('PUT', `/api/v2/tickets/update_many?ids=${w.ticket}`, 'ticket.additional_tags[0]', (v) => ({ ticket: { additional_tags: [v] } })),
  ...(['requester_id', 'assignee_id', 'group_id', 'organization_id', 'brand_id'] as const).flatMap((f) =>
    badBodyIds('POST', '/api/v2/tickets', f, (v) => newTicket(w, { [f]: v })),
  ),
  ...badBodyIds('POST', '/api/v2/tickets', 'collaborator_ids.0', (v) => newTicket(w, { collaborator_ids: [v] })),
  ...badBodyIds('POST', '/api/v2/tickets', 'custom_fields.0.id', (v) => newTicket(w, { custom_fields: [{ id: v, value: 'x' }] })),
  ...badBodyIds('POST', '/api/v2/tickets', 'requester.locale_id', (v) => ({
    ticket: { subject: 'New', requester: { name: 'Someone', email: 'someone@example.test', locale_id: v }, comment: { body: 'Hi' } },
  })),
  ...(['assignee_id', 'group_id', 'organization_id', 'requester_id'] as const).flatMap((f) =>
    badBodyIds('PUT', `/api/v2/tickets/${w.ticket}`, f, (v) => ({ ticket: { subject: 'Changed', [f]: v } })),
  ),
  ...(['subject', 'external_id'] as const).flatMap((f) => badBodyTexts('POST', '/api/v2/tickets', `ticket.${f}`, (v) => newTicket(w, { [f]: v }))),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.tags[0]', (v) => newTicket(w, { tags: [v] })),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.custom_fields[0].value', (v) => newTicket(w, { custom_fields: [{ id: 1, value: v }] })),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.custom_fields[0].value[1]', (v) => newTicket(w, { custom_fields: [{ id: 1, value: ['a', v] }] })),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.requester.name', (v) => ({
    ticket: { requester: { name: v, email: 'someone@example.test' }, comment: { body: 'Hi' } },
  })),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.requester.email', (v) => ({
    ticket: { requester: { name: 'Someone', email: `${v}@example.test` }, comment: { body: 'Hi' } },
  })),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}`, 'ticket.subject', (v) => ({ ticket: { subject: v } })),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}`, 'ticket.additional_tags[0]', (v) => ({ ticket: { additional_tags: [v] } })),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}`, 'ticket.remove_tags[0]', (v) => ({ ticket: { remove_tags: [v] } })),
];

const comments = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}/comments`),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.comment.body', (v) => newTicket(w, {}, { body: v })),
  ...badBodyTexts('POST', '/api/v2/tickets', 'ticket.comment.html_body', (v) => newTicket(w, {}, { html_body: `<p>${v}</p>` })),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}`, 'ticket.comment.body', (v) => ({ ticket: { comment: { body: v } } })),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}`, 'ticket.comment.uploads[0]', (v) => ({ ticket: { comment: { body: 'files', uploads: [v] } } })),
  ...badBodyIds('PUT', `/api/v2/tickets/${w.ticket}`, 'comment.author_id', (v) => ({ ticket: { comment: { body: 'by phone', author_id: v } } })),
  { name: 'PUT comment.uploads with a token that is no token', method: 'PUT', url: `/api/v2/tickets/${w.ticket}`, body: { ticket: { comment: { body: 'f', uploads: ['../../etc'] } } }, status: 422, names: 'comment.uploads.0' },
  { name: 'GET comments page[after] past the ids', method: 'GET', url: `/api/v2/tickets/${w.ticket}/comments?page[size]=5&page[after]=${Buffer.from('99999999999').toString('base64url')}`, status: 400, names: /^page\[after\]/ },
];

const ticketViews = (): BadCase[] => [
  ...badPathIds('PUT', (id) => `/api/v2/spam_tickets/${id}/not_spam`),
  ...badPathIds('DELETE', (id) => `/api/v2/spam_tickets/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/deleted_tickets/${id}/restore`),
  ...badPathIds('DELETE', (id) => `/api/v2/deleted_tickets/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/tickets/requested`),
  ...badIdsQuery('PUT', '/api/v2/spam_tickets/not_spam_many'),
  ...badIdsQuery('DELETE', '/api/v2/spam_tickets/destroy_many'),
  ...badIdsQuery('PUT', '/api/v2/deleted_tickets/restore_many'),
  ...badIdsQuery('DELETE', '/api/v2/deleted_tickets/destroy_many'),
  { name: 'GET /spam_tickets page[after] past the ids', method: 'GET', url: `/api/v2/spam_tickets?page[size]=5&page[after]=${Buffer.from('2147483648').toString('base64url')}`, status: 400, names: /^page\[after\]/ },
  { name: 'GET /deleted_tickets page=0', method: 'GET', url: '/api/v2/deleted_tickets?page=0', status: 400, names: /^page / },
];

const uploads = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/attachments/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/attachments/${id}/content`),
  ...['2147483648', 'short', '%00', 'a'.repeat(65), '..%2F..%2Fetc'].map(
    (tok): BadCase => ({ name: `DELETE /uploads/<${tok}>`, method: 'DELETE', url: `/api/v2/uploads/${tok}`, status: tok === '%00' ? 400 : 404, names: /path parameter token contains a NUL/ }),
  ),
  { name: 'POST /uploads filename with NUL', method: 'POST', url: '/api/v2/uploads?filename=a%00.txt', raw: Buffer.from('x'), status: 400, names: /^query parameter filename contains a NUL/ },
  { name: 'POST /uploads token with NUL', method: 'POST', url: `/api/v2/uploads?filename=a.txt&token=${w.uploadToken}%00`, raw: Buffer.from('x'), status: 400, names: /^query parameter token contains a NUL/ },
  { name: 'POST /uploads token that is no token', method: 'POST', url: '/api/v2/uploads?filename=a.txt&token=short', raw: Buffer.from('x'), status: 400, names: /^token / },
  { name: 'POST /uploads no filename', method: 'POST', url: '/api/v2/uploads', raw: Buffer.from('x'), status: 400, names: /file name/ },
  { name: 'POST /uploads filename given twice', method: 'POST', url: '/api/v2/uploads?filename=a.txt&filename=b.txt', raw: Buffer.from('x'), status: 400, names: /file name/ },
];

const redaction = (w: World): BadCase[] => [
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${id}/comments/${w.comment}/redact`, { text: 'hums' }),
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${w.ticket}/comments/${id}/redact`, { text: 'hums' }),
  ...badPathIds('PUT', (id) => `/api/v2/tickets/${w.ticket}/comments/${w.comment}/attachments/${id}/redact`),
  ...badPathIds('DELETE', (id) => `/api/v2/tickets/${id}/comments/${w.comment}/attachments/${w.attachment}/redact`),
  ...badPathIds('PUT', (id) => `/api/v2/comment_redactions/${id}`, { ticket_id: w.ticket, html_body: '<p>It <redact>hums</redact></p>' }),
  ...badBodyTexts('PUT', `/api/v2/tickets/${w.ticket}/comments/${w.comment}/redact`, 'text', (v) => ({ text: v })),
  ...badBodyIds('PUT', `/api/v2/comment_redactions/${w.comment}`, 'ticket_id', (v) => ({ ticket_id: v, html_body: '<p>It <redact>hums</redact></p>' })),
  ...badBodyTexts('PUT', `/api/v2/comment_redactions/${w.comment}`, 'html_body', (v) => ({ ticket_id: w.ticket, html_body: `<p><redact>${v}</redact></p>` })),
  ...badBodyTexts('PUT', `/api/v2/comment_redactions/${w.comment}`, 'external_attachment_urls[0]', (v) => ({
    ticket_id: w.ticket,
    html_body: '<p>It hums</p>',
    external_attachment_urls: [`https://x.test/${v}`],
  })),
];

export const TICKET_SOURCES = { tickets, comments, ticketViews, uploads, redaction };

for (const [name, source] of Object.entries(TICKET_SOURCES)) describeBadInput(`bad input: ${name}`, [source]);
