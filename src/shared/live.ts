import { z } from 'zod';
import { IdSchema } from './ids.ts';

// The live feed's messages (docs/live.md), shared by the server and the web app. The server
// says *that* something changed, in ids and action names; the app reads what it needs
// through the API, under the API's rules.

/** What an agent is doing on a ticket, as colleagues see it. */
export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** From the app: where this tab is (null: on no ticket), sent on change and every 20 seconds. */
export const LiveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), ticket_id: IdSchema.nullable(), state: z.enum(PRESENCE_STATES).optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessageSchema>;

export type LiveChange =
  | { kind: 'ticket'; ticket_id: number; author_id: number | null }
  | { kind: 'event'; action: string; subject_type: string; subject_id: number | null };

export interface PresenceAgent {
  user_id: number;
  state: PresenceState;
}

/** From the server. `resync`: changes may have been missed, read everything afresh. */
export type LiveServerMessage =
  | { type: 'ready'; presence: { ticket_id: number; agents: PresenceAgent[] }[] }
  | { type: 'changes'; changes: LiveChange[] }
  | { type: 'resync' }
  | { type: 'presence'; ticket_id: number; agents: PresenceAgent[] }
  | { type: 'pong' }
  | { type: 'error'; description: string };

/** How often the app repeats its presence; the server forgets a tab not heard from in 2.5 times that. */
export const PRESENCE_HEARTBEAT_MS = 20_000;

/** Close codes: the session ended (sign in again), or the message was not understood. */
export const LIVE_CLOSE = { sessionEnded: 4401, badMessage: 4400 } as const;
