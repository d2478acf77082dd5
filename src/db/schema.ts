import type { Generated } from 'kysely';
import type { JobState } from '../shared/jobs.ts';
import type { SpamCause, TicketState, TicketStatus } from '../shared/tickets.ts';
import type { IdentityType, Role } from '../shared/users.ts';
import type { HelpCentreTables } from './schema-help-centre.ts';
import type { ReportTables } from './schema-reports.ts';

// Table types. Timestamps are ISO-8601 UTC text (they sort as text on both databases);
// booleans are 0/1 integers so both dialects return the same thing; JSON is text.

export type Flag = 0 | 1;
// The words a column may hold are the API's words, defined once in src/shared.
export type { Role, IdentityType, TicketStatus, TicketState, SpamCause, JobState };

export interface UsersTable {
  id: Generated<number>;
  name: string;
  alias: string | null;
  role: Role;
  is_owner: Flag;
  can_delete_tickets: Flag;
  suspended: Flag;
  verified: Flag;
  external_id: string | null;
  notes: string | null;
  details: string | null;
  /** JSON object of custom user fields. */
  user_fields: string | null;
  locale: string | null;
  time_zone: string | null;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  /** Soft delete: set while the contact is in Deleted contacts. */
  deleted_at: string | null;
  deleted_by_id: number | null;
  /** Set when an erasure starts, so a half-finished one is refused a restore and can be finished. */
  erasing_since: string | null;
  erased_at: string | null;
}

export interface IdentitiesTable {
  id: Generated<number>;
  user_id: number;
  type: IdentityType;
  value: string;
  /** Lower-cased (email) or digits-only (phone) form, for uniqueness and lookups. */
  value_key: string;
  verified: Flag;
  is_primary: Flag;
  /** 1 once the owner was soft-deleted: the address is free for someone new. */
  released: Flag;
  created_at: string;
  updated_at: string;
}

export interface UserTagsTable {
  user_id: number;
  tag: string;
}

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  details: string | null;
  notes: string | null;
  external_id: string | null;
  /** JSON array of domain names. */
  domain_names: string;
  created_at: string;
  updated_at: string;
}

export interface OrganizationMembershipsTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  is_default: Flag;
  created_at: string;
  updated_at: string;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupMembershipsTable {
  id: Generated<number>;
  user_id: number;
  group_id: number;
  is_default: Flag;
  created_at: string;
  updated_at: string;
}

export interface TicketsTable {
  id: Generated<number>;
  external_id: string | null;
  subject: string | null;
  status: TicketStatus;
  priority: string | null;
  type: string | null;
  requester_id: number;
  submitter_id: number | null;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  brand_id: number | null;
  channel: string;
  /** JSON array of {id, value}. */
  custom_fields: string | null;
  due_at: string | null;
  state: TicketState;
  spam_cause: SpamCause | null;
  /** When the ticket entered its current state (spam/deleted): the retention clock. */
  state_changed_at: string | null;
  /** Who moved it to Spam or Deleted. */
  state_actor_id: number | null;
  solved_at: string | null;
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketTagsTable {
  ticket_id: number;
  tag: string;
}

export interface TicketCollaboratorsTable {
  ticket_id: number;
  user_id: number;
}

export interface CommentsTable {
  id: Generated<number>;
  ticket_id: number;
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: Flag;
  channel: string;
  created_at: string;
}

export interface AttachmentsTable {
  id: Generated<number>;
  /** Null while it is an upload not yet used in a comment. */
  ticket_id: number | null;
  comment_id: number | null;
  upload_token: string | null;
  uploader_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  inline: Flag;
  /** Content-ID of an inline image (cid:), from mail. */
  content_id: string | null;
  data: Buffer;
  created_at: string;
}

export interface TicketAuditsTable {
  id: Generated<number>;
  ticket_id: number;
  author_id: number | null;
  /** JSON array of events. Free-text values are never copied here: only field names and ids. */
  events: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  /** JSON object with ids, counts and states only: never a person's data. */
  details: string;
  /** The bulk job the action ran for: its receipt that the item was done (runner.ts). */
  job_id: string | null;
  created_at: string;
}

export interface JobsTable {
  id: string;
  job_type: string;
  status: JobState;
  total: number;
  progress: number;
  message: string | null;
  /** JSON: the job's input (ids and options). */
  payload: string;
  /** JSON array of per-item results: ids and outcomes only. */
  results: string;
  actor_id: number | null;
  claimed_by: string | null;
  claimed_until: string | null;
  created_at: string;
  updated_at: string;
}

/** SQLite only: a full-text index that owes a purge (migration 2026-12-04-001). */
export interface SearchIndexPurgesTable {
  index_name: string;
  since: string;
}

export interface AccountSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

// Mail (migration 002)

export type MessageDirection = 'in' | 'out';
/** `satisfaction`: the CSAT survey of a solved ticket (docs/satisfaction.md). */
export type OutboundKind = 'ack' | 'reply' | 'satisfaction';
/** queued → sent | skipped (recipient or ticket no longer reachable) | failed (gave up). */
export type OutboundStatus = 'queued' | 'sent' | 'skipped' | 'failed';

export interface TicketMessageIdsTable {
  id: Generated<number>;
  ticket_id: number;
  /** sha256 hex of the Message-ID as written between the angle brackets, lower-cased. */
  message_id_hash: string;
  direction: MessageDirection;
  created_at: string;
}

export interface RawMessagesTable {
  id: Generated<number>;
  ticket_id: number;
  comment_id: number | null;
  size: number;
  data: Buffer;
  created_at: string;
}

/** A person named in a stored raw message's address headers (migration 2026-12-01-003). */
export interface RawMessagePeopleTable {
  raw_message_id: number;
  user_id: number;
}

/** A message id taken out of stored mail by an erasure, as its sha256 (migration 2026-12-01-003). */
export interface ErasedMessageIdsTable {
  message_id_hash: string;
  created_at: string;
}

export interface OutboundMailTable {
  id: Generated<number>;
  kind: OutboundKind;
  recipient_id: number;
  ticket_id: number;
  comment_id: number | null;
  status: OutboundStatus;
  attempts: number;
  next_attempt_at: string;
  /** Our own Message-ID, fixed at the first attempt so that retries keep it. */
  message_id: string | null;
  sent_at: string | null;
  /** An SMTP code or error category, never the server's text (it may quote the address). */
  last_error_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketFollowupsTable {
  ticket_id: number;
  source_ticket_id: number;
  created_at: string;
}


// Browser sessions and one-time password links (migration 004); both store only a hash.

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

// hc_signin: an end user's emailed sign-in link to the public help centre (src/domain/hc-auth).
export type PasswordTokenPurpose = 'invite' | 'reset' | 'hc_signin';

export interface PasswordTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  purpose: PasswordTokenPurpose;
  created_by_id: number | null;
  created_at: string;
  expires_at: string;
}

// The password limit's counters and the servers' shared secrets (migration 2026-12-01-001).

/** What a password-attempt counter counts: wrong passwords from one client address, or for one account. */
export type AuthAttemptScope = 'address' | 'account';

export interface AuthAttemptsTable {
  scope: AuthAttemptScope;
  /** HMAC-SHA256 of the address or the normalized email, with the `auth_attempts` server secret. */
  key_hash: string;
  window_start: string;
  count: number;
  expires_at: string;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

// The agent workspace (migration 2026-12-01-011)

export interface ViewsTable {
  id: Generated<number>;
  title: string;
  description: string | null;
  active: Flag;
  position: number;
  /** A built-in view (seeded by the migration): editable and deactivatable, never deleted. */
  is_default: Flag;
  /** Null: shared with all staff; otherwise the agent whose personal view it is. */
  owner_id: number | null;
  /** JSON {all, any} of {field, operator, value} (src/shared/views.ts). */
  conditions: string;
  /** JSON {columns, sort_by, sort_order}. */
  execution: string;
  created_by_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface MacrosTable {
  id: Generated<number>;
  title: string;
  description: string | null;
  active: Flag;
  position: number;
  /** Null: shared with all staff; otherwise the agent whose personal macro it is. */
  owner_id: number | null;
  /** JSON array of {field, value} (src/shared/macros.ts). */
  actions: string;
  created_by_id: number | null;
  created_at: string;
  updated_at: string;
}

/** An agent's unsent reply to a ticket: one per agent and ticket. */
export interface TicketDraftsTable {
  id: Generated<number>;
  ticket_id: number;
  user_id: number;
  body: string;
  public: Flag;
  status: string | null;
  /** JSON object of the field changes to send with the reply. */
  fields: string;
  created_at: string;
  updated_at: string;
}

// Live chat (migration 2026-12-02-001, docs/chat.md)

export type ChatStatus = 'waiting' | 'active' | 'ended';
export type ChatAuthorKind = 'visitor' | 'agent' | 'system';

/** Whoever opened the chat widget: a profile apart from users, linked to a contact when known. */
export interface VisitorsTable {
  id: Generated<number>;
  user_id: number | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  /** sha256 hex of the secret the widget keeps in the visitor's browser. */
  token_hash: string;
  created_at: string;
  updated_at: string;
  last_seen_at: string;
}

/** One visit: its IP address and user agent (personal data). */
export interface VisitorSessionsTable {
  id: Generated<number>;
  visitor_id: number;
  ip: string | null;
  user_agent: string | null;
  started_at: string;
  last_seen_at: string;
}

export interface VisitorPagesTable {
  id: Generated<number>;
  session_id: number;
  url: string;
  title: string | null;
  visited_at: string;
}

export interface ChatsTable {
  id: Generated<number>;
  visitor_id: number;
  session_id: number | null;
  status: ChatStatus;
  agent_id: number | null;
  ticket_id: number | null;
  external_id: string | null;
  started_at: string;
  ended_at: string | null;
  updated_at: string;
  /** JSON array of tags (migration 2026-12-02-004); null for none. */
  tags: string | null;
}

export interface ChatMessagesTable {
  id: Generated<number>;
  chat_id: number;
  author_kind: ChatAuthorKind;
  agent_id: number | null;
  body: string;
  external_id: string | null;
  created_at: string;
}

export interface ChatAttachmentsTable {
  id: Generated<number>;
  chat_id: number;
  message_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  redacted: Flag;
  data: Buffer;
  created_at: string;
}

/** The external id of a chat deleted on purpose, as sha256 hex: a re-sync cannot bring it back. */
export interface DeletedChatExternalIdsTable {
  external_id_hash: string;
  created_at: string;
}

// Calls (migration 2026-12-02-002, docs/calls.md)

export type CallDirection = 'inbound' | 'outbound';
export type RecordingKind = 'call' | 'voicemail';

export interface PhoneLinesTable {
  id: Generated<number>;
  number: string;
  nickname: string | null;
  recording_retention_days: number | null;
  created_at: string;
  updated_at: string;
}

export interface CallsTable {
  id: Generated<number>;
  ticket_id: number;
  comment_id: number | null;
  phone_line_id: number | null;
  direction: CallDirection;
  from_number: string | null;
  to_number: string | null;
  location: string | null;
  transcription: string | null;
  answered_by_id: number | null;
  started_at: string | null;
  /** Seconds. */
  duration: number | null;
  created_at: string;
  updated_at: string;
  /** Set when its ticket was erased: a tombstone from then on. */
  erased_at: string | null;
}

export interface CallRecordingsTable {
  id: Generated<number>;
  call_id: number;
  kind: RecordingKind;
  source_url: string | null;
  content_type: string;
  size: number;
  data: Buffer;
  created_at: string;
  /** Set when its ticket was erased: unreachable at once, its bytes gone 7 days later. */
  deleted_at: string | null;
}

/** Who a recipient kind is (docs/webhooks.md "Who was told"). */
export type RecipientKind = 'webhook' | 'mail' | 'access_export' | 'incremental_export';

/** One person × one recipient her data was handed to: the erasure ledger (migration 2026-12-02-011). */
export interface DataRecipientsTable {
  id: Generated<number>;
  user_id: number;
  kind: RecipientKind;
  recipient_key: string;
  recipient_user_id: number | null;
  api_token_id: number | null;
  webhook_id: number | null;
  first_at: string;
  last_at: string;
  times: Generated<number>;
  notified_at: string | null;
  acknowledged_at: string | null;
}

/** A webhook endpoint (migration 2026-12-02-030, docs/webhooks.md). */
export interface WebhooksTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  endpoint: string;
  http_method: string;
  request_format: string;
  status: 'active' | 'inactive';
  /** JSON array of event types. */
  subscriptions: string;
  auth_type: 'basic_auth' | 'bearer_token' | null;
  /** JSON credentials for auth_type; never shown back. */
  auth_data: string | null;
  signing_secret: string;
  created_at: string;
  updated_at: string;
}

/** One event for one webhook: the outbox row and, once tried, its invocation log (migration 2026-12-02-030). */
export interface WebhookInvocationsTable {
  id: Generated<number>;
  webhook_id: number;
  invocation_key: string;
  event_id: string;
  event_type: string;
  subject_type: string;
  subject_id: number | null;
  user_id: number | null;
  ticket_id: number | null;
  ledger_id: number | null;
  event_data: string;
  event_time: string;
  status: 'queued' | 'succeeded' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  attempt_log: string;
  body: string | null;
  created_at: string;
  completed_at: string | null;
}

/** A recording still to be fetched from the integration (migration 2026-12-02-005). */
export interface CallRecordingFetchesTable {
  id: Generated<number>;
  call_id: number;
  kind: RecordingKind;
  source_url: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** A fixed word for the last failure, never the remote's text. */
  last_error: string | null;
  failed_at: string | null;
  created_at: string;
}

// Satisfaction (migration 2026-12-02-010, docs/satisfaction.md)

export type SatisfactionScore = 'offered' | 'unoffered' | 'good' | 'bad';
export type NpsRecipientStatus = 'queued' | 'sent' | 'skipped' | 'failed';

export interface SatisfactionReasonsTable {
  id: Generated<number>;
  reason_code: number;
  value: string;
  deleted: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface SatisfactionRatingsTable {
  id: Generated<number>;
  ticket_id: number;
  requester_id: number;
  assignee_id: number | null;
  group_id: number | null;
  score: SatisfactionScore;
  comment: string | null;
  reason_id: number | null;
  /** sha256 hex of the survey link's secret (never the secret). */
  token_hash: string | null;
  token_expires_at: string | null;
  rated_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when its ticket or requester was erased: comment and link gone, score kept. */
  erased_at: string | null;
}

export interface NpsSurveysTable {
  id: Generated<number>;
  name: string;
  question: string;
  /** JSON {organization_id?, tag?}. */
  filter: string;
  status: 'draft' | 'sent';
  created_by_id: number | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NpsRecipientsTable {
  id: Generated<number>;
  survey_id: number;
  user_id: number;
  user_name: string | null;
  user_email: string | null;
  status: NpsRecipientStatus;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error_code: string | null;
  sent_at: string | null;
  token_hash: string | null;
  token_expires_at: string | null;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
}

export interface NpsResponsesTable {
  id: Generated<number>;
  survey_id: number;
  recipient_id: number;
  user_id: number;
  user_name: string | null;
  user_email: string | null;
  score: number;
  comment: string | null;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
}

/** Every table; the help centre's are in schema-help-centre.ts, the reports' in schema-reports.ts. */
export interface Database extends HelpCentreTables, ReportTables {
  users: UsersTable;
  identities: IdentitiesTable;
  user_tags: UserTagsTable;
  organizations: OrganizationsTable;
  organization_memberships: OrganizationMembershipsTable;
  groups: GroupsTable;
  group_memberships: GroupMembershipsTable;
  tickets: TicketsTable;
  ticket_tags: TicketTagsTable;
  ticket_collaborators: TicketCollaboratorsTable;
  comments: CommentsTable;
  attachments: AttachmentsTable;
  ticket_audits: TicketAuditsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  account_settings: AccountSettingsTable;
  ticket_message_ids: TicketMessageIdsTable;
  raw_messages: RawMessagesTable;
  raw_message_people: RawMessagePeopleTable;
  erased_message_ids: ErasedMessageIdsTable;
  outbound_mail: OutboundMailTable;
  ticket_followups: TicketFollowupsTable;
  sessions: SessionsTable;
  password_tokens: PasswordTokensTable;
  auth_attempts: AuthAttemptsTable;
  server_secrets: ServerSecretsTable;
  views: ViewsTable;
  macros: MacrosTable;
  ticket_drafts: TicketDraftsTable;
  visitors: VisitorsTable;
  visitor_sessions: VisitorSessionsTable;
  visitor_pages: VisitorPagesTable;
  chats: ChatsTable;
  chat_messages: ChatMessagesTable;
  chat_attachments: ChatAttachmentsTable;
  deleted_chat_external_ids: DeletedChatExternalIdsTable;
  phone_lines: PhoneLinesTable;
  calls: CallsTable;
  call_recordings: CallRecordingsTable;
  call_recording_fetches: CallRecordingFetchesTable;
  satisfaction_reasons: SatisfactionReasonsTable;
  satisfaction_ratings: SatisfactionRatingsTable;
  nps_surveys: NpsSurveysTable;
  nps_recipients: NpsRecipientsTable;
  nps_responses: NpsResponsesTable;
  data_recipients: DataRecipientsTable;
  webhooks: WebhooksTable;
  webhook_invocations: WebhookInvocationsTable;
  search_index_purges: SearchIndexPurgesTable;
}
