import { ERASED_USER_NAME } from './users.ts';

// What "Delete forever" erases, said the same way everywhere it is said (the web app's
// confirmations; docs/lifecycle.md states the rule). The stub's name is the one the API
// answers with for an erased user.

/** What erasing a contact removes. */
export const CONTACT_ERASE_WORDS = [
  `their profile: name, email addresses, phone numbers, notes, tags and custom fields (a stub named “${ERASED_USER_NAME}” keeps the id)`,
  'every ticket they requested, including those in Spam, down to a tombstone without subject, comments or attachments',
  'their identities, organization and group memberships',
  'their copies in the search index and the stored raw emails',
];

/** What erasing a ticket removes. */
export const TICKET_ERASE_WORDS = [
  'the subject, description and every comment',
  'attachments and inline images',
  'tags, custom fields and CC lists',
  'only a tombstone stays: id, channel, dates, status “deleted” and who was involved (ids)',
];
