import type {
  AdminApiKeyCreated, AdminApiKeyList, ApiKey, CreateApiKeyRequest, CreateChatCompletionRequest,
  CreateChatCompletionResponse, CreateEmbeddingRequest, CreateEmbeddingResponse, CreateInlineBatchRequest,
  CreateBatchRequest, ListModelsResponse, Model, RetrievedBatch, UpdateApiKeyRequest, UsageResponse,
} from './generated/models/index.js';
import { APIConnectionError, APITimeoutError, NovAIError, type RateLimit, rateLimitOf, retryAfterSeconds,
  statusError } from './errors.js';
import { Stream } from './streaming.js';

export const VERSION = '1.0.0';
const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/v1';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
/** A longer Retry-After (a spent budget) is not waited for: the error is thrown. */
const MAX_RETRY_DELAY_S = 60;

export interface ClientOptions {
  /** Defaults to `NOVAI_API_KEY`. */
  apiKey?: string;
  /** For `admin.keys`; defaults to `NOVAI_ADMIN_TOKEN`. */
  adminToken?: string;
  /** Defaults to `NOVAI_BASE_URL`, else `http://127.0.0.1:8080/v1`. */
  baseURL?: string;
  /** Per attempt, in milliseconds (default 60 s). */
  timeout?: number;
  /** Retries on connection errors, 408, 409, 429 and 5xx (default 2). */
  maxRetries?: number;
  defaultHeaders?: Record<string, string>;
  fetch?: typeof fetch;
}

/** Per-request overrides. */
export interface RequestOptions {
  timeout?: number;
  maxRetries?: number;
  signal?: AbortSignal;
}

/** What every returned object carries besides its body: `_response.requestId`, `.rateLimit`, `.status`. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  requestId: string | undefined;
  rateLimit: RateLimit;
}

export type WithResponse<T> = T & { readonly _response: ResponseInfo };

interface Call {
  method: string;
  path: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  admin?: boolean;
  stream?: boolean;
  options?: RequestOptions;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client of NovAI's API: `new NovAI({ apiKey, baseURL })`, or from `NOVAI_API_KEY` / `NOVAI_BASE_URL`.
 */
export class NovAI {
  readonly apiKey: string | undefined;
  readonly adminToken: string | undefined;
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  private readonly defaultHeaders: Record<string, string>;
  private readonly fetch: typeof fetch;

  readonly chat = { completions: new Completions(this) };
  readonly embeddings = new Embeddings(this);
  readonly models = new Models(this);
  readonly usage = new Usage(this);
  readonly batches = new Batches(this);
  readonly admin = { keys: new Keys(this) };

  constructor(options: ClientOptions = {}) {
    this.apiKey = options.apiKey ?? env('NOVAI_API_KEY');
    this.adminToken = options.adminToken ?? env('NOVAI_ADMIN_TOKEN');
    if (!this.apiKey && !this.adminToken) {
      throw new NovAIError('No API key: pass { apiKey } or set NOVAI_API_KEY.');
    }
    this.baseURL = (options.baseURL ?? env('NOVAI_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.defaultHeaders = options.defaultHeaders ?? {};
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Sends one request, retrying as configured; the JSON body with `_response`, or a {@link Stream}. */
  async request<T>(call: Call): Promise<WithResponse<T> | Stream> {
    const url = new URL(this.baseURL + call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
      }
    }
    const token = call.admin ? this.adminToken : this.apiKey;
    if (!token) {
      throw new NovAIError(call.admin ? 'No admin token: pass { adminToken } or set NOVAI_ADMIN_TOKEN.'
        : 'No API key: pass { apiKey } or set NOVAI_API_KEY.');
    }
    const headers: Record<string, string> = {
      Accept: call.stream ? 'text/event-stream' : 'application/json',
      Authorization: `Bearer ${token}`,
      ...this.defaultHeaders,
    };
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const maxRetries = call.options?.maxRetries ?? this.maxRetries;
    const timeout = call.options?.timeout ?? this.timeout;

    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new APITimeoutError()), timeout);
      const abort = () => controller.abort(call.options?.signal?.reason);
      call.options?.signal?.addEventListener('abort', abort, { once: true });
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: call.method,
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: controller.signal,
        });
      } catch (cause) {
        clearTimeout(timer);
        if (call.options?.signal?.aborted) {
          throw cause;
        }
        const timedOut = controller.signal.reason instanceof APITimeoutError;
        if (attempt < maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw timedOut ? new APITimeoutError() : new APIConnectionError(`Connection error: ${String(cause)}`, { cause });
      }
      if (response.ok && call.stream) {
        clearTimeout(timer); // a stream may outlast the timeout; the caller ends it by breaking out
        return new Stream(response, controller);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        if (controller.signal.reason instanceof APITimeoutError) {
          throw new APITimeoutError();
        }
        throw new APIConnectionError(`Connection error: ${String(cause)}`, { cause });
      } finally {
        clearTimeout(timer);
        call.options?.signal?.removeEventListener('abort', abort);
      }
      const body = parseJson(text);
      if (!response.ok) {
        const error = statusError(response.status, body, response.headers);
        const retryable = [408, 409, 429].includes(response.status) || response.status >= 500;
        if (retryable && attempt < maxRetries) {
          const asked = retryAfterSeconds(response.headers);
          if (asked === undefined || asked <= MAX_RETRY_DELAY_S) {
            await sleep(asked === undefined ? backoffMs(attempt) : asked * 1000);
            continue;
          }
        }
        throw error;
      }
      const info: ResponseInfo = {
        status: response.status,
        headers: response.headers,
        requestId: response.headers.get('x-request-id') ?? undefined,
        rateLimit: rateLimitOf(response.headers),
      };
      Object.defineProperty(body, '_response', { value: info, enumerable: false });
      return body as WithResponse<T>;
    }
  }

  /** @internal */
  async json<T>(call: Call): Promise<WithResponse<T>> {
    return await this.request<T>(call) as WithResponse<T>;
  }
}

function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (1 - 0.25 * Math.random());
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    return text;
  }
}

const id = (value: string) => encodeURIComponent(value);

export type ChatCompletionCreateParams = Omit<CreateChatCompletionRequest, 'stream'>;

class Completions {
  constructor(private readonly client: NovAI) {}

  /** `POST /chat/completions`; with `stream: true` an async iterable of typed chunks ({@link Stream}). */
  create(params: ChatCompletionCreateParams & { stream: true }, options?: RequestOptions): Promise<Stream>;
  create(params: ChatCompletionCreateParams & { stream?: false | null },
         options?: RequestOptions): Promise<WithResponse<CreateChatCompletionResponse>>;
  create(params: CreateChatCompletionRequest, options?: RequestOptions) {
    return this.client.request<CreateChatCompletionResponse>({
      method: 'POST', path: '/chat/completions', body: params, stream: params.stream === true, options,
    });
  }
}

class Embeddings {
  constructor(private readonly client: NovAI) {}

  /** `POST /embeddings`. */
  create(params: CreateEmbeddingRequest, options?: RequestOptions) {
    return this.client.json<CreateEmbeddingResponse>({ method: 'POST', path: '/embeddings', body: params, options });
  }
}

class Models {
  constructor(private readonly client: NovAI) {}

  /** `GET /models`: the models the key may use. */
  list(options?: RequestOptions) {
    return this.client.json<ListModelsResponse>({ method: 'GET', path: '/models', options });
  }

  retrieve(model: string, options?: RequestOptions) {
    return this.client.json<Model>({ method: 'GET', path: `/models/${id(model)}`, options });
  }
}

export interface UsageRetrieveParams {
  /** `YYYY-MM-DD` (UTC, inclusive), or a Date. */
  start_date: string | Date;
  end_date: string | Date;
  group_by?: Array<'day' | 'model'>;
  model?: string;
  /** Admin token only. */
  key_id?: string;
}

const day = (value: string | Date) => typeof value === 'string' ? value : value.toISOString().slice(0, 10);

class Usage {
  constructor(private readonly client: NovAI) {}

  /** `GET /usage`: tokens and cost of the calling key per day and/or model. */
  retrieve(params: UsageRetrieveParams, options?: RequestOptions) {
    return this.client.json<UsageResponse>({
      method: 'GET', path: '/usage', options,
      query: { start_date: day(params.start_date), end_date: day(params.end_date), group_by: params.group_by,
        model: params.model, key_id: params.key_id },
    });
  }
}

class Batches {
  constructor(private readonly client: NovAI) {}

  /**
   * `POST /batches`: the inline form (`inputs`: chat completion bodies) answers an `InlineBatch`, OpenAI's file
   * form (`input_file_id`) a `Batch`.
   */
  create(params: CreateInlineBatchRequest | CreateBatchRequest, options?: RequestOptions) {
    return this.client.json<RetrievedBatch>({ method: 'POST', path: '/batches', body: params, options });
  }

  /** `GET /batches/{id}`: an `InlineBatch` (with `results` once ended) or a `Batch`. */
  retrieve(batchId: string, options?: RequestOptions) {
    return this.client.json<RetrievedBatch>({ method: 'GET', path: `/batches/${id(batchId)}`, options });
  }
}

export interface KeyListParams {
  after?: string;
  limit?: number;
  owner?: string;
  include_revoked?: boolean;
}

/** `/admin/keys`, sent with the admin token. */
class Keys {
  constructor(private readonly client: NovAI) {}

  /** Issues a key; the answer's `key` is the only copy of the secret. */
  create(params: CreateApiKeyRequest, options?: RequestOptions) {
    return this.client.json<AdminApiKeyCreated>({ method: 'POST', path: '/admin/keys', body: params, admin: true,
      options });
  }

  list(params: KeyListParams = {}, options?: RequestOptions) {
    return this.client.json<AdminApiKeyList>({ method: 'GET', path: '/admin/keys', query: { ...params }, admin: true,
      options });
  }

  retrieve(keyId: string, options?: RequestOptions) {
    return this.client.json<ApiKey>({ method: 'GET', path: `/admin/keys/${id(keyId)}`, admin: true, options });
  }

  /** Changes only the given fields; `null` clears a nullable one. */
  update(keyId: string, changes: UpdateApiKeyRequest, options?: RequestOptions) {
    return this.client.json<ApiKey>({ method: 'PATCH', path: `/admin/keys/${id(keyId)}`, body: changes, admin: true,
      options });
  }

  revoke(keyId: string, options?: RequestOptions) {
    return this.client.json<ApiKey>({ method: 'DELETE', path: `/admin/keys/${id(keyId)}`, admin: true, options });
  }
}
