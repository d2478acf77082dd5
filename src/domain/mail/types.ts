/** A file that came with a message: an attachment, or an inline image referenced as cid:. */
export interface InboundAttachment {
  fileName: string;
  contentType: string;
  data: Buffer;
  inline: boolean;
  /** The Content-ID without angle brackets, for `cid:` links in the HTML body. */
  contentId: string | null;
}

/** One email as the domain sees it: parsed, checked, with nothing database-specific. */
export interface InboundMail {
  /** Normalized Message-ID (synthesized from the bytes when the message has none). */
  messageId: string;
  /** In-Reply-To first, then References newest first: the order threading tries them in. */
  threadIds: string[];
  subject: string | null;
  /** The From header's first address (lower-case key and display name), if it had one. */
  from: { address: string; name: string | null } | null;
  /** The envelope sender; '' for the null return path `<>` of bounces; null when unknown (import). */
  envelopeFrom: string | null;
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
  /** Loop signals (auto-submitted, bulk, list, bounce): store it, but never answer it. */
  automated: boolean;
}

/** Which limit a message broke (src/mail/limits.ts); `unreadable`: the parser gave up on it. */
export type MailLimitName = 'parts' | 'depth' | 'header_bytes' | 'header_fields' | 'unreadable';

/** What became of a message. Every outcome but `refused_*` is answered 250 over SMTP. */
export type ReceiveOutcome =
  | { kind: 'created'; ticketId: number; commentId: number; userId: number }
  | { kind: 'followup'; ticketId: number; commentId: number; userId: number; sourceTicketId: number }
  | { kind: 'comment'; ticketId: number; commentId: number; userId: number; reopened: boolean }
  /** Over the sender's volume limit: kept in the Spam view (spam_cause `mail_loop`), never answered. */
  | { kind: 'quarantined'; ticketId: number; commentId: number; userId: number }
  | { kind: 'duplicate'; ticketId: number }
  | { kind: 'dropped_erased'; ticketId: number }
  | { kind: 'dropped_own' }
  | { kind: 'refused_suspended' }
  | { kind: 'refused_erased_thread' }
  | { kind: 'refused_no_sender' }
  | { kind: 'refused_unreadable'; limit: MailLimitName; max: number };
