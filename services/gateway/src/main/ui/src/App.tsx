import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from './api';
import { clearSession, loadSession, Session } from './session';
import { SignIn } from './SignIn';
import { KeysPage } from './KeysPage';
import { UsagePage } from './UsagePage';
import { ModelsPage } from './ModelsPage';

type Page = 'keys' | 'usage' | 'models';

function pageOf(hash: string, session: Session): Page {
  // an API key holder sees only their own usage
  if (session.role === 'key') return 'usage';
  if (hash === '#/usage') return 'usage';
  return hash === '#/models' ? 'models' : 'keys';
}

/** The shell: sign-in until there is a session, then a header with the pages (hash routes, no server routes). */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [hash, setHash] = useState(location.hash);

  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const signOut = () => {
    clearSession();
    setSession(null);
  };
  const api = useMemo(() => (session ? new Api(session.token, signOut) : null), [session]);

  if (!session || !api) {
    return <SignIn onSignedIn={setSession} />;
  }
  const page = pageOf(hash, session);
  return (
    <>
      <header class="top">
        <span class="brand">NovAI console</span>
        <nav aria-label="Pages">
          {session.role === 'admin' && <a href="#/keys" aria-current={page === 'keys' ? 'page' : undefined}>Keys</a>}
          <a href="#/usage" aria-current={page === 'usage' ? 'page' : undefined}>
            {session.role === 'admin' ? 'Spend and usage' : 'My usage'}
          </a>
          {session.role === 'admin' && (
            <a href="#/models" aria-current={page === 'models' ? 'page' : undefined}>Models and health</a>
          )}
        </nav>
        <button type="button" class="secondary" onClick={signOut}>Sign out</button>
      </header>
      <main>
        {page === 'keys' && <KeysPage api={api} />}
        {page === 'usage' && <UsagePage api={api} role={session.role} />}
        {page === 'models' && <ModelsPage api={api} />}
      </main>
    </>
  );
}
