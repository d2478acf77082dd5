import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { PasswordSchema } from '../../../../src/shared/auth.ts';
import { errorText } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';

// The page a one-time link opens: /set-password#token=… The token is in the fragment,
// which the browser never sends to a server; it is read once and wiped from the address bar.
function takeToken(): string {
  const m = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : '';
}

export function SetPasswordPage() {
  const { redeemLink } = useSession();
  const navigate = useNavigate();
  const [token] = useState(() => {
    const t = takeToken();
    if (t) window.history.replaceState(null, '', window.location.pathname);
    return t;
  });
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const rule = PasswordSchema.safeParse(password);
    if (!rule.success) return setError(`The password ${rule.error.issues[0]!.message}.`);
    if (password !== again) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      await redeemLink(token, password);
      void navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth" id="main">
      <form className="auth__card" onSubmit={submit} aria-labelledby="setpw-title">
        <p className="brand brand--large" aria-hidden="true">
          oubli
        </p>
        <h1 id="setpw-title">Choose your password</h1>
        {!token ? (
          <p className="errorbox" role="alert">
            This page needs the link an admin gave you (it ends in <code>#token=…</code>). Ask them for a new one.
          </p>
        ) : (
          <>
            <p className="muted">At least 10 characters. The link works once.</p>
            <label className="field">
              <span>New password</span>
              <input type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
            </label>
            <label className="field">
              <span>Again</span>
              <input type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
            </label>
            {error && (
              <p className="errorbox" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="btn btn--primary btn--wide" disabled={busy}>
              {busy ? 'Saving…' : 'Set password and sign in'}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
