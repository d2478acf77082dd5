import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, isUnreachable, onReachabilityChange, onSignedOut, serverReachable, setCsrfToken } from './api.ts';
import { staffSocketsSettled } from './staff-socket.ts';
import { flushDrafts, forgetDraftsOf, keepOnlyDraftsOf, sweepLocalDrafts } from './local-drafts.ts';
import type { SessionBody as SessionAnswer, SessionInfo } from '../../../src/shared/auth.ts';
import { canDeleteChat, canDeleteChatFiles, canExportUser, canManageUser, type PolicyActor, type UserOp } from '../../../src/shared/policy.ts';
import type { Role } from '../../../src/shared/users.ts';

interface SessionState {
  /** null: signed out; undefined: still asking the server. */
  session: SessionInfo | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  /** Sets a password with a one-time link and signs in. */
  redeemLink(token: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** True after a request found the session gone mid-use (not after Sign out), until signed in again. */
  ended: boolean;
  /**
   * Whether the staff sockets (live feed, agent chat) may be open: signed in and not signing
   * out. They close first when Sign out is pressed, so none of them drops, reconnects or asks
   * who is signed in while the session is being ended.
   */
  socketsOpen: boolean;
}

const Ctx = createContext<SessionState | null>(null);

/** Holds who is signed in, from GET /api/v2/session, and keeps the CSRF token current. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const signedIn = useRef(false);
  const queryClient = useQueryClient();

  const accept = useCallback((a: SessionAnswer) => {
    setCsrfToken(a.csrf_token);
    // Another agent's copies of drafts do not stay in a browser someone else signed in to.
    if (a.session) keepOnlyDraftsOf(a.session.user.id);
    setSession(a.session);
    signedIn.current = !!a.session;
    if (a.session) setEnded(false);
    setSigningOut(false);
  }, []);

  const unanswered = useRef(false);
  const refresh = useCallback(async () => {
    try {
      accept(await api<SessionAnswer>('GET', '/session'));
      unanswered.current = false;
    } catch (err) {
      // No answer is not "signed out": keep what is known (the banner says the server is
      // unreachable) and ask again once it answers.
      if (isUnreachable(err)) unanswered.current = true;
      else {
        signedIn.current = false;
        setSession(null);
      }
    }
  }, [accept]);

  useEffect(() => {
    sweepLocalDrafts();
    void refresh();
    const offSignedOut = onSignedOut(() => {
      // The sign-in page then says why it is there ("Your session ended…").
      if (signedIn.current) setEnded(true);
      queryClient.clear();
      void refresh();
    });
    const offReachability = onReachabilityChange(() => {
      if (serverReachable() && unanswered.current) void refresh();
    });
    return () => {
      offSignedOut();
      offReachability();
    };
  }, [refresh, queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      ended,
      socketsOpen: !!session && !signingOut,
      async signIn(email, password) {
        // A fresh token first: the form may have sat open across a server restart.
        await refresh();
        accept(await api<SessionAnswer>('POST', '/session', { session: { email, password } }, { quiet401: true }));
      },
      async redeemLink(token, password) {
        await refresh();
        accept(await api<SessionAnswer>('POST', '/session/password', { password_link: { token, password } }));
      },
      async signOut() {
        // Signing out on purpose is not a session that "ended": no message on the sign-in page.
        signedIn.current = false;
        setSigningOut(true);
        const who = session?.user.id;
        // The open draft goes to the server, then every copy of this agent's drafts here goes.
        await flushDrafts();
        // The sockets are closing (socketsOpen is false); one still being upgraded would be
        // refused once the session is gone, so the session ends after they are answered.
        await staffSocketsSettled();
        try {
          await api('DELETE', '/session');
        } finally {
          if (who !== undefined) forgetDraftsOf(who);
          queryClient.clear();
          await refresh();
          // Signed out, or (the server unreachable) still signed in: the sockets follow `session`.
          setSigningOut(false);
        }
      },
    }),
    [session, ended, signingOut, refresh, accept, queryClient],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in person; only for pages behind the sign-in gate. */
export function useMe(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('useMe without a session');
  return session;
}

/**
 * May the signed-in person do `op` to this person? The server's own rule (src/shared/policy.ts),
 * asked with what the app knows: the API names the account owner only to the owner themself,
 * so for anyone else the server has the last word (and its reason) on the owner.
 */
export function mayManage(me: SessionInfo, target: { id: number; role: Role }, op: UserOp): boolean {
  return canManageUser(actorOf(me), { id: target.id, role: target.role, is_owner: me.owner && target.id === me.user.id }, op).ok;
}

/** May the signed-in person download this person's data (the server's canExportUser)? */
export function mayExport(me: SessionInfo, target: { id: number; role: Role }): boolean {
  return canExportUser(actorOf(me), target).ok;
}

/** May the signed-in person delete a whole chat (the server's canDeleteChat)? */
export function mayDeleteChat(me: SessionInfo): boolean {
  return canDeleteChat(actorOf(me)).ok;
}

/** May the signed-in person delete a chat's files (the server's canDeleteChatFiles)? */
export function mayDeleteChatFiles(me: SessionInfo): boolean {
  return canDeleteChatFiles(actorOf(me)).ok;
}

function actorOf(me: SessionInfo): PolicyActor {
  return { id: me.user.id, role: me.user.role, canDeleteTickets: me.user.can_delete_tickets };
}
