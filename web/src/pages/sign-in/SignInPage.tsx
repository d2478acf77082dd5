import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, errorText } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';

/** Only same-app paths may be returned to after signing in (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { session, signIn, ended } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth" id="main">
      <form className="auth__card" onSubmit={submit} aria-labelledby="signin-title">
        <p className="brand brand--large" aria-hidden="true">
          oubli
        </p>
        <h1 id="signin-title">Sign in</h1>
        {ended ? (
          <p className="note" role="status">
            Your session ended. Sign in to return to where you were.
          </p>
        ) : (
          <p className="muted">For agents and admins of this helpdesk.</p>
        )}
        <label className="field">
          <span>Email</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="errorbox" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn--primary btn--wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <details className="auth__help">
          <summary>No password yet?</summary>
          <p>
            An admin can send you a link from <em>Settings → Agents</em>. The account owner sets theirs on the server with{' '}
            <code>npx oubli user set-password --email you@example.com</code> (see docs/web.md).
          </p>
        </details>
      </form>
    </main>
  );
}
