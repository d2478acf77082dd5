// The API's objects as the app reads them (API.md). Only the fields the app uses.

export type Role = 'end-user' | 'agent' | 'admin';

export interface User {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  alias?: string | null;
  role: Role;
  active: boolean;
  suspended?: boolean;
  can_delete_tickets?: boolean;
  notes?: string | null;
  tags?: string[];
  created_at: string | null;
  updated_at: string | null;
}

export interface Identity {
  id: number;
  user_id: number;
  type: 'email' | 'phone_number' | 'twitter' | 'facebook';
  value: string;
  verified: boolean;
  primary: boolean;
}

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted';

export interface Ticket {
  id: number;
  subject: string | null;
  description: string | null;
  status: TicketStatus;
  requester_id: number;
  assignee_id: number | null;
  via: { channel: string };
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Spam view only. */
  previous_status?: TicketStatus;
  spam_cause?: 'marked' | 'contact_deleted' | 'mail_loop' | null;
  marked_spam_at?: string | null;
}

export interface DeletedTicket {
  id: number;
  subject: string | null;
  description: string | null;
  actor: { id: number; name: string } | null;
  deleted_at: string | null;
  previous_state: TicketStatus;
}

export interface Attachment {
  id: number;
  file_name: string;
  content_url: string;
  content_type: string;
  size: number;
  inline: boolean;
  deleted?: boolean;
}

export interface Comment {
  id: number;
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: Attachment[];
  via?: { channel: string };
  created_at: string;
}

export interface JobResult {
  id?: number;
  action?: string;
  status?: string;
  success: boolean;
  error?: string;
}

export interface JobStatus {
  id: string;
  job_type: string;
  total: number;
  progress: number;
  status: 'queued' | 'working' | 'completed' | 'failed' | 'killed';
  message: string | null;
  results: JobResult[] | null;
}

export interface AuditLog {
  id: number;
  actor_id: number | null;
  action: string;
  source_type: string;
  source_id: number | null;
  details: Record<string, unknown>;
  created_at: string;
}

export interface Abilities {
  work_tickets: boolean;
  delete_tickets: boolean;
  /** Redaction needs the delete-tickets permission (as in Zendesk). */
  redact: boolean;
  manage_agents: boolean;
  erase_users: boolean;
  bulk_delete_users: boolean;
  settings: boolean;
  audit_log: boolean;
}

export interface SessionInfo {
  user: User;
  abilities: Abilities;
  owner: boolean;
}

/** An offset page (`page`, `per_page`) as the list endpoints answer it. */
export interface OffsetPage {
  next_page: string | null;
  previous_page: string | null;
  count: number;
}
