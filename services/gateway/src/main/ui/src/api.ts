/** The gateway's REST API as the console uses it: same origin, bearer header, OpenAI-shaped errors. */

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly param: string | null, readonly code: string | null) {
    super(message);
  }
}

export interface ApiKey {
  id: string;
  name: string;
  owner: string | null;
  key_prefix: string;
  tier: string;
  rpm_limit: number | null;
  tpm_limit: number | null;
  budget_usd: number | null;
  budget_period: 'day' | 'month';
  current_period_spend_usd: number;
  allowed_models: string[] | null;
  allowed_tools: string[] | null;
  created_at: number;
  expires_at: number | null;
  revoked: boolean;
  revoked_at: number | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface KeyPage {
  data: ApiKey[];
  first_id: string;
  last_id: string;
  has_more: boolean;
}

export interface UsageRecord {
  date: string | null;
  model: string | null;
  key_id?: string;
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number;
  batch_requests: number;
  batch_cost_usd: number;
}

export interface UsageResponse {
  start_date: string;
  end_date: string;
  data: UsageRecord[];
  total_cost_usd: number;
}

export interface DeploymentHealth {
  name: string;
  provider: string;
  weight: number;
  breaker: 'closed' | 'half_open' | 'open' | 'not_called';
  requests: number;
  errors: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  ttft_p50_ms: number;
  ttft_p99_ms: number;
}

export interface AdminModel {
  id: string;
  kind: 'chat' | 'embedding';
  owned_by: string;
  input_usd_per_million_tokens: number;
  output_usd_per_million_tokens: number;
  deployments: DeploymentHealth[];
}

export interface AdminModelList {
  window_seconds: number;
  data: AdminModel[];
}

export interface Batch {
  id: string;
  endpoint: string;
  status: string;
  created_at: number;
  request_counts: { total: number; completed: number; failed: number } | null;
}

/** Fields of CreateApiKeyRequest / UpdateApiKeyRequest; null clears a field on update. */
export type KeyFields = Partial<{
  name: string;
  owner: string | null;
  tier: string;
  rpm_limit: number | null;
  tpm_limit: number | null;
  budget_usd: number | null;
  budget_period: 'day' | 'month' | null;
  allowed_models: string[] | null;
  expires_at: number | null;
}>;

export class Api {
  constructor(private readonly token: string, private readonly onUnauthorized: () => void) {
  }

  listKeys(query: { search: string; after: string | null; includeRevoked: boolean; limit: number }): Promise<KeyPage> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.search.trim()) params.set('search', query.search.trim());
    if (query.after) params.set('after', query.after);
    if (query.includeRevoked) params.set('include_revoked', 'true');
    return this.call('GET', `/v1/admin/keys?${params}`);
  }

  getKey(id: string): Promise<ApiKey> {
    return this.call('GET', `/v1/admin/keys/${encodeURIComponent(id)}`);
  }

  createKey(fields: KeyFields): Promise<CreatedKey> {
    return this.call('POST', '/v1/admin/keys', fields);
  }

  updateKey(id: string, fields: KeyFields): Promise<ApiKey> {
    return this.call('PATCH', `/v1/admin/keys/${encodeURIComponent(id)}`, fields);
  }

  revokeKey(id: string): Promise<ApiKey> {
    return this.call('DELETE', `/v1/admin/keys/${encodeURIComponent(id)}`);
  }

  batches(limit: number): Promise<{ data: Batch[]; has_more: boolean }> {
    return this.call('GET', `/v1/batches?limit=${limit}`);
  }

  models(): Promise<AdminModelList> {
    return this.call('GET', '/v1/admin/models');
  }

  usage(query: { start: string; end: string; groupBy: string; keyId?: string | undefined }): Promise<UsageResponse> {
    const params = new URLSearchParams({ start_date: query.start, end_date: query.end, group_by: query.groupBy });
    if (query.keyId) params.set('key_id', query.keyId);
    return this.call('GET', `/v1/usage?${params}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    const json = text ? parse(text) : null;
    if (!response.ok) {
      const error = (json as { error?: { message?: string; param?: string; code?: string } } | null)?.error;
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError(response.status, error?.message ?? `${response.status} ${response.statusText}`,
                         error?.param ?? null, error?.code ?? null);
    }
    return json as T;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
