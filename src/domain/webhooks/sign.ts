import { createHmac } from 'node:crypto';

// Signing as Zendesk signs (docs/webhooks.md "Verifying a request"): the signature is
// base64(HMAC-SHA256(signing secret, timestamp + raw body)), sent with the timestamp in
// x-zendesk-webhook-signature-timestamp.

/** The signature of one request. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body, 'utf8').digest('base64');
}

/** The timestamp as Zendesk writes it: ISO 8601 in UTC, to the second. */
export function signatureTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The headers of a signed request. */
export function signedHeaders(input: { webhookId: number; invocationKey: string; secret: string; at: Date; body: string }): Record<string, string> {
  const timestamp = signatureTimestamp(input.at);
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Oubli Webhook',
    'x-zendesk-webhook-id': String(input.webhookId),
    'x-zendesk-webhook-invocation-id': input.invocationKey,
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': webhookSignature(input.secret, timestamp, input.body),
  };
}
