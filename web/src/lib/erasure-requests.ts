// Erasure requests (docs/erasure-requests.md): the calls the app makes and the words it
// shows for them. The objects, and the request and query shapes, come from src/shared.

import { api, ApiError, qs } from './api.ts';
import type { OffsetPage } from '../../../src/shared/envelopes.ts';
import type {
  Certificate,
  DueFilter,
  ErasureMatch,
  ErasureRequest,
  ErasureRequestCreate,
  ErasureRequestListQuerySchema,
  ErasureRequestStatus,
  ErasureRequestUpdate,
  ErasureTerm,
  FoundPlace,
  MatchAction,
  MatchCounts,
  MatchDecision,
  MatchListQuerySchema,
  MatchLocation,
  TermKind,
  TermSource,
  TicketGroup,
  Verification,
} from '../../../src/shared/erasure-requests.ts';
import type { JobStatus } from '../../../src/shared/jobs.ts';
import type { QueryInput } from '../../../src/shared/query.ts';
import type { DeletedUser, User } from '../../../src/shared/users.ts';

export type {
  Certificate,
  DueFilter,
  ErasureMatch,
  ErasureRequest,
  ErasureRequestStatus,
  ErasureTerm,
  FoundPlace,
  MatchAction,
  MatchCounts,
  MatchDecision,
  MatchLocation,
  TermKind,
  TermSource,
  TicketGroup,
  Verification,
};

/** GET /erasure_requests, one offset page. */
export function listErasureRequests(f: { status?: string; due?: DueFilter | ''; page: number; perPage: number }) {
  return api<OffsetPage & { erasure_requests: ErasureRequest[] }>(
    'GET',
    `/erasure_requests${qs({ status: f.status, due: f.due, page: f.page, per_page: f.perPage } satisfies QueryInput<typeof ErasureRequestListQuerySchema>)}`,
  );
}

export async function getErasureRequest(id: number): Promise<ErasureRequest> {
  return (await api<{ erasure_request: ErasureRequest }>('GET', `/erasure_requests/${id}`)).erasure_request;
}

export async function openErasureRequest(body: ErasureRequestCreate): Promise<ErasureRequest> {
  return (await api<{ erasure_request: ErasureRequest }>('POST', '/erasure_requests', { erasure_request: body })).erasure_request;
}

export async function updateErasureRequest(id: number, body: ErasureRequestUpdate): Promise<ErasureRequest | undefined> {
  return (await api<{ erasure_request?: ErasureRequest }>('PUT', `/erasure_requests/${id}`, { erasure_request: body })).erasure_request;
}

export async function executeErasureRequest(id: number): Promise<JobStatus> {
  return (await api<{ job_status: JobStatus }>('POST', `/erasure_requests/${id}/execute`)).job_status;
}

/** POST /erasure_requests/{id}/fix: remove what the verification found, and verify again (a job). */
export async function fixErasureRequest(id: number): Promise<JobStatus> {
  return (await api<{ job_status: JobStatus }>('POST', `/erasure_requests/${id}/fix`)).job_status;
}

export function cancelErasureRequest(id: number) {
  return api('DELETE', `/erasure_requests/${id}`);
}

export async function getCertificate(id: number): Promise<Certificate> {
  return (await api<{ certificate: Certificate }>('GET', `/erasure_requests/${id}/certificate`)).certificate;
}

/** GET /erasure_requests/{id}/tickets: the tickets with matches, one offset page. */
export function listTicketGroups(id: number, f: { page: number; perPage: number }) {
  return api<OffsetPage & { tickets: TicketGroup[] }>('GET', `/erasure_requests/${id}/tickets${qs({ page: f.page, per_page: f.perPage })}`);
}

/** GET /erasure_requests/{id}/matches, one offset page (ascending by id). */
/** `ticketId: 'none'` lists the matches outside tickets (organizations, profiles). */
export function listMatches(id: number, f: { page: number; perPage: number; decision?: string; ticketId?: number | 'none' }) {
  return api<OffsetPage & { matches: ErasureMatch[] }>(
    'GET',
    `/erasure_requests/${id}/matches${qs({ page: f.page, per_page: f.perPage, decision: f.decision, ticket_id: f.ticketId } satisfies QueryInput<typeof MatchListQuerySchema>)}`,
  );
}

/** The person of a request: a live contact, else a deleted (or erased) one; null when neither answers. */
export async function loadPerson(id: number): Promise<User | DeletedUser | null> {
  try {
    return (await api<{ user: User }>('GET', `/users/${id}`)).user;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  try {
    return (await api<{ deleted_user: DeletedUser }>('GET', `/deleted_users/${id}`)).deleted_user;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    return null;
  }
}

// ---- due dates: the same rule as src/domain/erasure-requests/due-dates.ts (not importable here)

/** Requests due within this many days are shown as due soon. */
export const DUE_SOON_DAYS = 7;
const OPEN: ErasureRequestStatus[] = ['planning', 'ready', 'executing', 'failed', 'verification_failed'];

export function isOpen(r: Pick<ErasureRequest, 'status'>): boolean {
  return OPEN.includes(r.status);
}

/** The deadline in force: the extension if there is one, else the due date. */
export function deadlineOf(r: Pick<ErasureRequest, 'due_at' | 'extended_until'>): string {
  return r.extended_until ?? r.due_at;
}

/** Overdue, due soon, or neither, for an open request at `now` (the server's word when it sent one). */
export function dueState(r: Pick<ErasureRequest, 'status' | 'due_at' | 'extended_until' | 'due'>, now = Date.now()): 'overdue' | 'soon' | null {
  if (r.due !== undefined) return r.due;
  if (!isOpen(r)) return null;
  const left = new Date(deadlineOf(r)).getTime() - now;
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_DAYS * 86_400_000) return 'soon';
  return null;
}

/** "in 3 days", "today", "2 days ago": how far the deadline is, in whole days. */
export function daysWords(iso: string, now = Date.now()): string {
  const days = Math.round((new Date(iso).getTime() - now) / 86_400_000);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

// ---- words

export const STATUS_WORDS: Record<ErasureRequestStatus, string> = {
  planning: 'Searching',
  ready: 'Ready to review',
  executing: 'Erasing',
  completed: 'Completed',
  verification_failed: 'Verification failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const KIND_WORDS: Record<TermKind, string> = {
  name: 'Name',
  alias: 'Alias',
  email: 'Email',
  phone: 'Phone',
  twitter: 'X/Twitter',
  facebook: 'Facebook',
  user_field: 'Custom field',
  iban: 'IBAN',
  text: 'Text',
};

export const SOURCE_WORDS: Record<TermSource, string> = { profile: 'From the profile', added: 'Added', suggested: 'Suggested' };

export const LOCATION_WORDS: Record<MatchLocation, string> = {
  subject: 'Subject',
  comment: 'Comment',
  attachment_name: 'File name',
  raw_mail: 'Stored email',
  requested_ticket: 'Their own ticket',
  sent_attachment: 'File they sent',
  cc_list: 'CC list',
  tag: 'Tag',
  custom_field: 'Custom field',
  organization: 'Organization',
  profile: 'Another person’s profile',
  draft: 'An agent’s unsent draft',
  call: 'A call’s transcript or numbers',
  chat: 'Chat',
  article: 'Help centre article',
  community: 'Help centre community',
};

/** Where in the place a match is, in words (a field of an organization or a profile, a ticket's custom field). */
export function fieldWords(m: ErasureMatch): string | null {
  const f = m.field ?? '';
  if (!f) return null;
  if (m.location === 'custom_field') return `field ${f}`;
  // A recording on a ticket they requested (matched by whose ticket it is, not by a term).
  if (m.location === 'call' && f === 'recording') return 'the recording, on their own ticket';
  if (f.startsWith('user_fields.')) return `custom field “${f.slice('user_fields.'.length)}”`;
  return f;
}

/** What executing a confirmed match does, said plainly. */
export const ACTION_WORDS: Record<MatchAction, string> = {
  redact: 'Redact the text (▇) in the comment and its stored email',
  redact_subject: 'Redact the text (▇) in the subject',
  redact_attachment: 'Redact the file: it becomes an empty redacted.txt',
  delete_ticket: 'Delete the whole ticket forever (it cannot be redacted: closed, spam or deleted)',
  erase_with_user: 'Erased with the person: they requested this ticket',
  remove_cc: 'Take them off the CC list (erasing them does this in any case)',
  remove_tag: 'Remove the tag from the ticket',
  clear_field: 'Clear the custom field’s value on the ticket',
  redact_org_text: 'Redact the text (▇) in the organization’s notes or details',
  rename_org: 'Replace the organization’s name with “Organization <id>”',
  redact_profile: 'Redact the text (▇) in this other person’s profile',
  delete_draft: 'Delete the agent’s unsent draft (it was never sent)',
  delete_recording: 'Delete the call’s recording and transcript for good, at once',
  delete_chat: 'Delete the whole chat (messages, files; the visitor too when it was their last chat)',
  delete_chat_files: 'Delete the chat’s files: each becomes an empty redacted.txt',
  redact_chat: 'Redact the text (▇) in the chat’s messages',
  delete_article: 'Delete the article forever (every translation, revision, attachment, comment and vote)',
  redact_article: 'Redact the text (▇) in every translation and revision of the article',
  redact_community: 'Redact the text (▇) in the post or comment',
  delete_post: 'Delete the post, with its comments, files and votes',
  delete_comment: 'Delete the comment, with its files and votes',
};

/** Short labels for badges. */
export const ACTION_SHORT: Record<MatchAction, string> = {
  redact: 'Redact text',
  redact_subject: 'Redact subject',
  redact_attachment: 'Redact file',
  delete_ticket: 'Delete ticket',
  erase_with_user: 'Erase with person',
  remove_cc: 'Remove CC',
  remove_tag: 'Remove tag',
  clear_field: 'Clear field',
  redact_org_text: 'Redact organization',
  rename_org: 'Rename organization',
  redact_profile: 'Redact profile',
  delete_draft: 'Delete draft',
  delete_recording: 'Delete recording',
  delete_chat: 'Delete chat',
  delete_chat_files: 'Delete chat files',
  redact_chat: 'Redact chat',
  delete_article: 'Delete article',
  redact_article: 'Redact article',
  redact_community: 'Redact post or comment',
  delete_post: 'Delete post',
  delete_comment: 'Delete comment',
};
