import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../context.ts';
import { checkRequestText } from '../input-guard.ts';

/** Refuses text no database can store (NUL, lone surrogates), as the HTTP input guard does. */
export function refuseUnstorable(m: object): void {
  checkRequestText({ params: {}, query: {}, body: m });
}

// Small helpers the two chat hubs share: reading a frame against its schema, sending, and
// turning a refused action into an `error` message without a word of it in the log.

/** The frame as a message of the schema, or null (not text, not JSON, not the shape). */
export function parseFrame<S extends z.ZodType>(schema: S, data: unknown, isBinary: boolean): z.infer<S> | null {
  if (isBinary) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(data));
  } catch {
    return null;
  }
  const r = schema.safeParse(parsed);
  return r.success ? r.data : null;
}

/** Sends a message when the socket is open (a closing socket is not an error). */
export function sendTo(socket: WebSocket, m: object): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
}

/**
 * What to tell a socket whose action failed: an AppError's own description (fixed words,
 * written for the client), else a fixed sentence. Only the error's name and code are logged:
 * a database error's message can quote the values it refused.
 */
export function failureText(err: unknown, log: Logger): string {
  if (err instanceof AppError) return Object.values(err.details ?? {})[0]?.[0]?.description ?? err.message;
  const e = err as { name?: string; code?: string } | null;
  log.error({ errName: e?.name, errCode: e?.code }, 'chat action failed');
  return 'Something went wrong; try again.';
}

/** The largest frame a chat socket takes: a longest message (4,000 characters of up to 4 bytes) and its JSON. */
export const CHAT_FRAME_MAX = 20 * 1024;
