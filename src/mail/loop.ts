import type { Headers } from 'mailparser';

// RFC 3834 and the usual list and bounce markers: mail carrying any of them is stored, but
// never answered, so that two automatic responders cannot talk to each other forever.

function headerText(headers: Headers, name: string): string | null {
  const v = headers.get(name);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in (v as object)) return String((v as { value: unknown }).value);
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
  return String(v);
}

/** Why a message must not be answered, or null when an acknowledgement is fine. */
export function automationReason(headers: Headers, envelopeFrom: string | null, fromAddress: string | null): string | null {
  if (envelopeFrom === '') return 'null_return_path';
  const auto = headerText(headers, 'auto-submitted');
  if (auto !== null && auto.trim().toLowerCase() !== 'no') return 'auto_submitted';
  const precedence = headerText(headers, 'precedence');
  if (precedence && /^\s*(bulk|list|junk)\b/i.test(precedence)) return 'precedence';
  // mailparser gathers every List-* header under `list`.
  if (headers.has('list') || headers.has('list-id') || headers.has('list-unsubscribe')) return 'mailing_list';
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'auto_reply';
  const suppress = headerText(headers, 'x-auto-response-suppress');
  if (suppress && /\b(all|autoreply|oof)\b/i.test(suppress)) return 'auto_reply';
  const ct = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (ct?.value === 'multipart/report') return 'bounce';
  if (fromAddress && /^(mailer-daemon|postmaster)@/i.test(fromAddress)) return 'bounce';
  return null;
}
