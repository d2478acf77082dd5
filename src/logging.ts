// The server's log options, the only ones any command may use (buildApp applies them
// whatever it is given). Personal data never reaches the log by construction, not by care:
// - a request is logged as its method and matched route pattern (`/api/v2/users/:id`),
//   never its URL (query strings carry search terms, emails, file names), its headers or
//   its client address;
// - an error is logged as its kind and code, never its message (a database message can
//   quote the row it refused);
// - a log call's object keeps only the fields named in SAFE_FIELDS, which code fills with
//   ids, counts and codes; any other field is replaced, whatever a future caller passes;
// - format arguments (`log.info('Route %s not found', url)`) are dropped: the message
//   template stays, the values do not.

/** Fields a log line may carry: ids, counts, codes, names of kinds. Nothing a person wrote. */
export const SAFE_FIELDS: ReadonlySet<string> = new Set([
  'req',
  'res',
  'err',
  'reqId',
  'responseTime',
  'errName',
  'errCode',
  'stack',
  'code',
  'jobId',
  'ticketId',
  'userId',
  'outboundId',
  'requestId',
  'commentId',
  'attachmentId',
  'message',
  'mail',
  'automation',
  'bytes',
  'sweep',
  'action',
  'count',
  'busy',
  'status',
  // Webhook deliveries (docs/webhooks.md): ids and the attempt's number.
  'webhookId',
  'invocationId',
  'attempts',
]);

export const NOT_LOGGED = '[not logged]';

/** Keeps the safe fields of a log object; every other field's value is replaced. */
export function onlySafeFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] = SAFE_FIELDS.has(key) && (typeof value !== 'string' || value.length <= 2000) ? value : NOT_LOGGED;
  }
  return out;
}

function requestSummary(req: { method: string; routeOptions?: { url?: string } }) {
  return { method: req.method, route: req.routeOptions?.url ?? '(no route)' };
}

/** An error's kind, code and call sites; its message (the stack's first line too) is left out. */
function errorSummary(err: { name?: unknown; code?: unknown; stack?: unknown } | undefined) {
  return {
    type: typeof err?.name === 'string' ? err.name : 'Error',
    code: typeof err?.code === 'string' ? err.code : undefined,
    message: NOT_LOGGED,
    stack: typeof err?.stack === 'string' ? err.stack.split('\n').slice(1, 8).join('\n') : '',
  };
}

/** pino options for every logger Oubli builds, at this level. */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: requestSummary,
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errorSummary,
    },
    formatters: { log: onlySafeFields },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        const [first, second] = args;
        if (first instanceof Error) return method.call(this, { err: first }, first.name);
        if (typeof first === 'string') return method.call(this, first);
        return method.call(this, first, typeof second === 'string' ? second : undefined);
      },
    },
  };
}
