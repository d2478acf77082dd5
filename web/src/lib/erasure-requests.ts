// Erasure requests (API.md "Erasure requests"): the objects as the app reads them, the calls
// it makes, and the words it shows for them. Request shapes come from src/shared.

import { api, ApiError, qs } from './api.ts';
import type { JobStatus, OffsetPage, User } from './types.ts';
import type {
  ErasureRequestCreate,
  ErasureRequestStatus,
  ErasureRequestUpdate,
  MatchAction,
  MatchDecision,
  MatchLocation,
  TermKind,
  TermSource,
} from '../../../src/shared/erasure-requests.ts';

export type { ErasureRequestStatus, MatchAction, MatchDecision, MatchLocation, TermKind, TermSource };

export interface ErasureTerm {
  id: number;
  kind: TermKind;
  value: string;
  source: TermSource;
  accepted: boolean;
}

export interface ErasureMatch {
  id: number;
  term_id: number | null;
  /** Null for a match outside tickets (an organization, another person's profile). */
  ticket_id: number | null;
  comment_id: number | null;
  attachment_id: number | null;
  organization_id?: number | null;
  profile_user_id?: number | null;
  /** Which part of the place: a custom field's id, `name`, `notes`, `details`, `user_fields.<key>`. */
  field?: string | null;
  location: MatchLocation;
  snippet: string | null;
  proposed_action: MatchAction;
  decision: MatchDecision;
  applied_action?: string | null;
  applied_at?: string | null;
}

/** One ticket of the plan (GET /erasure_requests/{id}/tickets). */
export interface TicketGroup {
  ticket_id: number;
  matches: number;
  pending: number;
  confirmed: number;
  rejected: number;
  proposed_actions: MatchAction[];
}

type ByDecision = Record<MatchDecision, number>;

/** How many matches there are, by decision and by proposed action. */
export interface MatchCounts {
  total: number;
  by_decision: ByDecision;
  by_action: Record<MatchAction, ByDecision & { total: number }>;
}

export interface ErasureRequest {
  id: number;
  url: string;
  user_id: number;
  status: ErasureRequestStatus;
  received_at: string;
  due_at: string;
  extended_until: string | null;
  extension_reason: string | null;
  /** The deadline in force (the extension, else the due date). */
  deadline?: string;
  /** For open requests: overdue, or due within 7 days. */
  due?: 'overdue' | 'soon' | null;
  terms: ErasureTerm[];
  match_counts: MatchCounts;
  planning_phase?: string | null;
  execution_phase?: string | null;
  job_id: string | null;
  opened_by_id?: number | null;
  executed_by_id?: number | null;
  completed_at?: string | null;
  cancelled_at?: string | null;
  /** The last verification: counts, states and `found` (where, never what). */
  verification?: Verification | null;
  fix_url?: string | null;
  created_at: string;
  updated_at: string;
}

/** One place a verification found something: table.column or store, a count, the first row ids. */
export interface FoundPlace {
  store: string;
  count: number;
  ids?: number[];
}

export type Verification = Record<string, unknown> & { passed?: boolean; found?: FoundPlace[] };

export interface Certificate {
  request_id: number;
  /** completed, or verification_failed (then nothing is certified as done: see verification.found). */
  status?: ErasureRequestStatus;
  user_id: number;
  received_at: string;
  due_at: string;
  extended_until?: string | null;
  completed_at: string | null;
  completed_in_time?: boolean;
  actor_id: number | null;
  opened_by_id?: number | null;
  counts: Record<string, unknown>;
  verification: Record<string, unknown> | null;
}

export type DueFilter = 'soon' | 'overdue';

/** GET /erasure_requests, one offset page. */
export function listErasureRequests(f: { status?: string; due?: DueFilter | ''; page: number; perPage: number }) {
  return api<OffsetPage & { erasure_requests: ErasureRequest[] }>(
    'GET',
    `/erasure_requests${qs({ status: f.status, due: f.due, page: f.page, per_page: f.perPage })}`,
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
    `/erasure_requests/${id}/matches${qs({ page: f.page, per_page: f.perPage, decision: f.decision, ticket_id: f.ticketId })}`,
  );
}

/** The person of a request: a live contact, else a deleted (or erased) one; null when neither answers. */
export async function loadPerson(id: number): Promise<User | null> {
  try {
    return (await api<{ user: User }>('GET', `/users/${id}`)).user;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  try {
    return (await api<{ deleted_user: User }>('GET', `/deleted_users/${id}`)).deleted_user;
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
};

/** Where in the place a match is, in words (a field of an organization or a profile, a ticket's custom field). */
export function fieldWords(m: ErasureMatch): string | null {
  const f = m.field ?? '';
  if (!f) return null;
  if (m.location === 'custom_field') return `field ${f}`;
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
};
