import { useState } from 'preact/hooks';
import { ApiError, ApiKey, KeyFields } from './api';
import { dateOf } from './format';

/** The form's fields as typed; empty means "not set" (a limit then comes from the tier). */
interface Draft {
  name: string;
  owner: string;
  tier: string;
  rpm: string;
  tpm: string;
  budget: string;
  period: string;
  models: string;
  expires: string;
}

function draftOf(key: ApiKey | null): Draft {
  return {
    name: key?.name ?? '',
    owner: key?.owner ?? '',
    tier: key?.tier ?? '',
    rpm: key?.rpm_limit?.toString() ?? '',
    tpm: key?.tpm_limit?.toString() ?? '',
    budget: key?.budget_usd?.toString() ?? '',
    period: key?.budget_period ?? 'month',
    models: key?.allowed_models?.join(', ') ?? '',
    expires: key?.expires_at ? dateOf(key.expires_at) : '',
  };
}

function number(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

function fieldsOf(draft: Draft): Required<KeyFields> {
  const models = draft.models.split(',').map((model) => model.trim()).filter((model) => model);
  return {
    name: draft.name.trim(),
    owner: draft.owner.trim() || null,
    tier: draft.tier.trim(),
    rpm_limit: number(draft.rpm),
    tpm_limit: number(draft.tpm),
    budget_usd: number(draft.budget),
    budget_period: (draft.period as 'day' | 'month') || null,
    allowed_models: models.length ? models : null,
    // the end of the chosen UTC day
    expires_at: draft.expires ? Date.parse(`${draft.expires}T23:59:59Z`) / 1000 : null,
  };
}

/** Only what the operator changed, so that limits shown from the tier do not become the key's own. */
function changes(before: Draft, after: Draft): KeyFields {
  const old = fieldsOf(before);
  const now = fieldsOf(after);
  const changed: Record<string, unknown> = {};
  for (const name of Object.keys(now) as (keyof KeyFields)[]) {
    if (JSON.stringify(old[name]) !== JSON.stringify(now[name])) changed[name] = now[name];
  }
  if (changed['tier'] === '') delete changed['tier'];
  return changed as KeyFields;
}

/**
 * Create or edit a key: name, owner, tier, limits, allowed models, expiry. The gateway validates; its 400 names the
 * field, which is marked and described here.
 */
export function KeyForm({ existing, onSubmit, onCancel }: {
  existing: ApiKey | null;
  onSubmit: (fields: KeyFields) => Promise<void>;
  onCancel: () => void;
}) {
  const [initial] = useState(() => draftOf(existing));
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    let fields: KeyFields;
    if (existing) {
      fields = changes(initial, draft);
      if (Object.keys(fields).length === 0) {
        onCancel();
        return;
      }
    } else {
      fields = Object.fromEntries(Object.entries(fieldsOf(draft)).filter(([, value]) => value !== null && value !== ''));
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(fields);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const bad = error instanceof ApiError ? error.param : null;
  const isBad = (param: string) => bad !== null && (bad === param || bad.startsWith(`${param}[`));
  const field = (id: keyof Draft, label: string, param: string, props: Record<string, unknown> = {}) => (
    <div class="field">
      <label for={`key-${id}`}>{label}</label>
      <input id={`key-${id}`} name={id} value={draft[id]} aria-invalid={isBad(param) ? 'true' : undefined}
             aria-describedby={isBad(param) ? 'key-form-error' : undefined}
             onInput={(e) => setDraft({ ...draft, [id]: (e.target as HTMLInputElement).value })} {...props} />
    </div>
  );

  return (
    <form onSubmit={submit} class="key-form">
      {field('name', 'Name', 'name', { required: true, maxLength: 128 })}
      {field('owner', 'Owner', 'owner', { maxLength: 256 })}
      {field('tier', 'Tier', 'tier', { placeholder: 'default', pattern: '[a-z0-9][a-z0-9_\\-]{0,31}' })}
      {field('rpm', 'Requests per minute', 'rpm_limit', { type: 'number', min: 1, step: 1 })}
      {field('tpm', 'Tokens per minute', 'tpm_limit', { type: 'number', min: 1, step: 1 })}
      {field('budget', 'Budget (USD)', 'budget_usd', { type: 'number', min: 0, step: 'any' })}
      <div class="field">
        <label for="key-period">Budget period</label>
        <select id="key-period" name="period" value={draft.period}
                onChange={(e) => setDraft({ ...draft, period: (e.target as HTMLSelectElement).value })}>
          <option value="month">month</option>
          <option value="day">day</option>
        </select>
      </div>
      {field('models', 'Allowed models (comma-separated; empty: all)', 'allowed_models')}
      {field('expires', 'Expires (end of day, UTC; empty: never)', 'expires_at', { type: 'date' })}
      {error && <p id="key-form-error" class="error" role="alert">{error.message}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
        <button type="submit" disabled={busy}>{existing ? 'Save' : 'Create key'}</button>
      </div>
    </form>
  );
}
