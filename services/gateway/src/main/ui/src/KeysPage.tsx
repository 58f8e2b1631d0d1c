import { useEffect, useState } from 'preact/hooks';
import { Api, ApiKey, CreatedKey } from './api';
import { dateOf, integer, usd } from './format';
import { KeyForm } from './KeyForm';
import { Modal } from './Modal';

const PAGE_SIZE = 20;

type Dialog =
  | { kind: 'create' }
  | { kind: 'created'; key: CreatedKey }
  | { kind: 'edit'; key: ApiKey }
  | { kind: 'revoke'; key: ApiKey };

/** Keys: search, pages (the API's `after` cursor), create (secret shown once), edit, revoke. */
export function KeysPage({ api }: { api: Api }) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [includeRevoked, setIncludeRevoked] = useState(false);
  // cursors of the pages before this one: going back pops one
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');

  // the search is sent a moment after typing stops, not on every key
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search);
      setCursors([null]);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const after = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let current = true;
    api.listKeys({ search: query, after, includeRevoked, limit: PAGE_SIZE })
      .then((page) => {
        if (!current) return;
        setKeys(page.data);
        setHasMore(page.has_more);
        setError(null);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [api, query, after, includeRevoked, reload]);

  const refresh = (message: string) => {
    setNotice(message);
    setReload(reload + 1);
  };

  return (
    <section aria-labelledby="keys-title">
      <div class="page-head">
        <h1 id="keys-title">API keys</h1>
        <button type="button" onClick={() => setDialog({ kind: 'create' })}>New key</button>
      </div>
      <div class="toolbar">
        <label for="key-search">Search</label>
        <input id="key-search" type="search" placeholder="name, owner or prefix" maxLength={200} value={search}
               onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <label class="check">
          <input type="checkbox" checked={includeRevoked}
                 onChange={(e) => {
                   setIncludeRevoked((e.target as HTMLInputElement).checked);
                   setCursors([null]);
                 }} />
          Show revoked
        </label>
      </div>
      <p class="visually-hidden" role="status">{notice}</p>
      {error && <p class="error" role="alert">{error}</p>}
      {keys && (
        <table class="keys">
          <caption class="visually-hidden">API keys, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Owner</th>
              <th scope="col">Tier</th>
              <th scope="col">Prefix</th>
              <th scope="col">Limits</th>
              <th scope="col">Spend this period</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 && <tr><td colSpan={9} class="empty">No keys{query ? ' match' : ''}.</td></tr>}
            {keys.map((key) => (
              <tr key={key.id} data-key-id={key.id} class={key.revoked ? 'revoked' : undefined}>
                <th scope="row" class="name">{key.name}</th>
                <td>{key.owner ?? '—'}</td>
                <td>{key.tier}</td>
                <td><code>{key.key_prefix}</code></td>
                <td class="limits">{limits(key)}</td>
                <td><Spend keyInfo={key} /></td>
                <td>{key.expires_at ? dateOf(key.expires_at) : 'never'}</td>
                <td>{key.revoked ? `revoked ${key.revoked_at ? dateOf(key.revoked_at) : ''}` : 'active'}</td>
                <td>
                  {!key.revoked && (
                    <div class="row-actions">
                      <button type="button" class="secondary" aria-label={`Edit ${key.name}`}
                              onClick={() => setDialog({ kind: 'edit', key })}>Edit</button>
                      <button type="button" class="danger" aria-label={`Revoke ${key.name}`}
                              onClick={() => setDialog({ kind: 'revoke', key })}>Revoke</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Key pages">
        <button type="button" class="secondary" disabled={cursors.length <= 1}
                onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <span>Page {cursors.length}</span>
        <button type="button" class="secondary" disabled={!hasMore || !keys?.length}
                onClick={() => setCursors([...cursors, keys![keys!.length - 1]!.id])}>Next</button>
      </nav>
      {dialog?.kind === 'create' && (
        <Modal title="New API key" onClose={() => setDialog(null)}>
          <KeyForm existing={null} onCancel={() => setDialog(null)}
                   onSubmit={async (fields) => {
                     const created = await api.createKey(fields);
                     setDialog({ kind: 'created', key: created });
                     refresh(`Key ${created.name} created.`);
                   }} />
        </Modal>
      )}
      {dialog?.kind === 'created' && (
        <Modal title="Key created" onClose={() => setDialog(null)}>
          <SecretOnce secret={dialog.key.key} onDone={() => setDialog(null)} />
        </Modal>
      )}
      {dialog?.kind === 'edit' && (
        <Modal title={`Edit ${dialog.key.name}`} onClose={() => setDialog(null)}>
          <KeyForm existing={dialog.key} onCancel={() => setDialog(null)}
                   onSubmit={async (fields) => {
                     const updated = await api.updateKey(dialog.key.id, fields);
                     setDialog(null);
                     refresh(`Key ${updated.name} saved.`);
                   }} />
        </Modal>
      )}
      {dialog?.kind === 'revoke' && (
        <Modal title="Revoke key" onClose={() => setDialog(null)}>
          <Revoke keyInfo={dialog.key} onCancel={() => setDialog(null)}
                  onConfirm={async () => {
                    const revoked = await api.revokeKey(dialog.key.id);
                    setDialog(null);
                    refresh(`Key ${revoked.name} revoked.`);
                  }} />
        </Modal>
      )}
    </section>
  );
}

function limits(key: ApiKey): string {
  const rpm = key.rpm_limit === null ? '∞' : integer(key.rpm_limit);
  const tpm = key.tpm_limit === null ? '∞' : integer(key.tpm_limit);
  return `${rpm} rpm · ${tpm} tpm`;
}

/** This period's spend against the budget, as a <meter> with the numbers in text beside it. */
function Spend({ keyInfo }: { keyInfo: ApiKey }) {
  const spent = keyInfo.current_period_spend_usd;
  const budget = keyInfo.budget_usd;
  const label = budget === null ? `${usd(spent)} (no budget)` : `${usd(spent)} of ${usd(budget)} / ${keyInfo.budget_period}`;
  return (
    <div class="spend">
      {budget !== null && (
        <meter min={0} max={budget || 1} low={budget * 0.75} high={budget * 0.9} optimum={0} value={spent}
               aria-label={`Spend of ${keyInfo.name}`} />
      )}
      <span>{label}</span>
    </div>
  );
}

/** The secret, once: selectable text and a copy button; closing the dialog forgets it. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the key and copy it by hand.');
    }
  };
  return (
    <div>
      <p>This is the only time the key is shown. Store it now: the gateway keeps only its hash.</p>
      <label for="new-secret">API key</label>
      <div class="secret">
        <input id="new-secret" readOnly value={secret} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <button type="button" onClick={copy}>Copy</button>
      </div>
      <p role="status" class="hint">{copied}</p>
      <div class="actions">
        <button type="button" onClick={onDone}>Done</button>
      </div>
    </div>
  );
}

function Revoke({ keyInfo, onConfirm, onCancel }: { keyInfo: ApiKey; onConfirm: () => Promise<void>; onCancel: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div>
      <p>
        Revoke <strong class="name">{keyInfo.name}</strong> (<code>{keyInfo.key_prefix}</code>)? Requests with it are
        refused at once; this cannot be undone.
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel} autoFocus>Cancel</button>
        <button type="button" class="danger" disabled={busy} onClick={confirm}>Revoke key</button>
      </div>
    </div>
  );
}
