import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { AbilitiesSchema } from './policy.ts';
import { oneLine } from './text.ts';
import { UserSchema } from './users.ts';

// Signing in and choosing a password: request shapes and the session the API answers with,
// shared by the API and the web app.

/** Long enough to resist guessing; an upper bound so hashing cannot be used to stall the server. */
export const PasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const SignInSchema = z.object({
  email: z.string().trim().min(1, 'cannot be blank').max(320),
  password: z.string().min(1, 'cannot be blank').max(200),
});
export type SignIn = z.infer<typeof SignInSchema>;

/** Redeeming a one-time link from an invitation or a reset. */
export const PasswordLinkRedeemSchema = z.object({
  token: z.string().min(20).max(200),
  password: PasswordSchema,
});
export type PasswordLinkRedeem = z.infer<typeof PasswordLinkRedeemSchema>;

/** An admin invites a new agent or admin, who then chooses a password through a one-time link. */
export const InvitationSchema = z
  .object({
    name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
    email: z.string().trim().min(3, 'is not an email address').max(320),
    role: z.enum(['agent', 'admin']).optional(),
    can_delete_tickets: z.boolean().optional(),
  })
  .strict();
export type Invitation = z.infer<typeof InvitationSchema>;

/** Who is signed in, what they may do, and how this request was authenticated. */
export const SessionInfoSchema = z.object({
  user: UserSchema,
  abilities: AbilitiesSchema,
  /** The account owner (who can never be deleted or suspended). */
  owner: z.boolean(),
  /** 'cookie' in the browser, 'header' for API clients. */
  via: z.enum(['header', 'cookie']),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** GET /session (and what signing in answers): the session or null, and a CSRF token for changes. */
export const SessionBodySchema = z.object({
  session: SessionInfoSchema.nullable(),
  csrf_token: z.string(),
});
export type SessionBody = z.infer<typeof SessionBodySchema>;

/** A one-time link to choose a password: the token travels in the URL's fragment. */
export const PasswordLinkSchema = z.object({
  user_id: z.number(),
  purpose: z.enum(['invite', 'reset']),
  token: z.string(),
  url: z.string(),
  expires_at: TimestampSchema,
});
export type PasswordLink = z.infer<typeof PasswordLinkSchema>;
