import { useState } from 'preact/hooks';
import { Api, ApiError } from './api';
import { isoDay } from './format';
import { roleOf, saveSession, Session } from './session';

/**
 * Sign-in with the admin token (or an API key, for its own usage). The token is checked against the gateway before
 * it is kept, so a typo is told at once rather than on the first page.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return;
    setBusy(true);
    setError(null);
    const api = new Api(value, () => undefined);
    try {
      if (roleOf(value) === 'admin') {
        await api.listKeys({ search: '', after: null, includeRevoked: false, limit: 1 });
      } else {
        await api.usage({ start: isoDay(), end: isoDay(), groupBy: 'day' });
      }
      onSignedIn(saveSession(value));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'The gateway did not accept this token.'
                                                         : `Sign-in failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <h1>NovAI console</h1>
      <form onSubmit={submit}>
        <label for="token">Admin token or API key</label>
        <input id="token" name="token" type="password" autocomplete="off" required value={token}
               onInput={(e) => setToken((e.target as HTMLInputElement).value)}
               aria-describedby={error ? 'signin-error' : 'signin-hint'} />
        <p id="signin-hint" class="hint">
          Kept in this tab only (sessionStorage) and sent as a bearer header. An API key shows its own usage.
        </p>
        {error && <p id="signin-error" class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
