// How long an end user's help-centre sign-in lasts (docs/help-centre-community.md "Signing in").

/** A mailed sign-in link works once, for this long. */
export const HC_LINK_MS = 20 * 60 * 1000;

/** The help centre's session cookie: separate from the agent app's (oubli_session), so neither opens the other. */
export const HC_SESSION_COOKIE = 'oubli_hc_session';

/** Who may sign in to the help centre by a link: a live, unsuspended, unerased end user. */
export function mayUseHelpCentreSignin(u: { role: string; suspended: number; deleted_at: string | null; erased_at: string | null } | undefined): boolean {
  return !!u && u.role === 'end-user' && !u.suspended && !u.deleted_at && !u.erased_at;
}
