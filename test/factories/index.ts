// The one place tests get their data from: people, organizations and groups (people.ts),
// tickets, comments, attachments, uploads and stored mail (tickets.ts), and a person with
// everything a person can have (person.ts). Reading rows back is test/reads.ts; mail over
// SMTP is test/smtp.ts and test/smtp-fixture.ts.
export * from './people.ts';
export * from './person.ts';
export * from './tickets.ts';
export type { On } from './where.ts';
export * from './chats.ts';
