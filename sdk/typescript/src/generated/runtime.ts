/* tslint:disable */
/* eslint-disable */
/**
 * NovAI API
 * NovAI API is an **OpenAI-compatible gateway** in front of several LLM providers (OpenAI, Anthropic, Google, self-hosted models, ...). Clients talk to one API with one key; NovAI routes each request to the provider that serves the requested model, translates the request and the response, and enforces per-key rate limits and budgets.  ## Using the official OpenAI SDKs  The official OpenAI SDKs work unchanged — point `base_url` at NovAI and use a NovAI key:  ```python from openai import OpenAI  client = OpenAI(api_key=\"sk-novai-...\", base_url=\"https://api.novai.example.com/v1\") resp = client.chat.completions.create(     model=\"gpt-4o-mini\",     messages=[{\"role\": \"user\", \"content\": \"Hello!\"}], ) ```  ```typescript import OpenAI from \"openai\"; const client = new OpenAI({ apiKey: \"sk-novai-...\", baseURL: \"http://127.0.0.1:8080/v1\" }); ```  Where NovAI serves an endpoint that OpenAI also has, the same request body is accepted and the response validates against OpenAI\'s schema of the same name. Request fields that exist in OpenAI\'s API but that NovAI does not implement are documented on each operation: harmless hints are accepted and ignored, fields that would require output NovAI cannot produce (audio, web search, predicted outputs, ...) are rejected with `400` and `code: \"unsupported_parameter\"`. Any other unknown field is rejected with `400` and `code: \"unknown_parameter\"`, as OpenAI does, so that a misspelt parameter never goes unnoticed; `POST /chat/completions` passes unknown fields named like OpenAI parameters on to OpenAI-compatible providers (see its request body).  ## Authentication  Send an API key as a bearer token: `Authorization: Bearer sk-novai-...`. Keys are issued by the operator through the `/admin/keys` endpoints, which are protected by a separate admin token (see `adminBearerAuth`).  ## Rate limits and budgets  Each key may have a requests-per-minute (RPM) limit, a tokens-per-minute (TPM) limit and a spend budget per day or month. Model-calling endpoints (`/chat/completions`, `/embeddings`) report the key\'s limits on every `200` and `429` response, in two equivalent header families:  | NovAI header | OpenAI-style header | Meaning | |---|---|---| | `X-RateLimit-Limit-RPM` | `x-ratelimit-limit-requests` | requests allowed per minute | | `X-RateLimit-Remaining-RPM` | `x-ratelimit-remaining-requests` | requests left in the current window | | `X-RateLimit-Limit-TPM` | `x-ratelimit-limit-tokens` | tokens allowed per minute | | `X-RateLimit-Remaining-TPM` | `x-ratelimit-remaining-tokens` | tokens left in the current window | | — | `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` | time until the window refills, e.g. `1s`, `6m0s` |  Limits hold over a sliding 60-second window counted in one-second slots: a key never gets more than `rpm_limit` requests or `tpm_limit` tokens admitted in any 60 seconds, across every NovAI replica.  Headers for a limit the key does not have (unlimited) are omitted. At admission NovAI reserves `estimated prompt tokens + max_completion_tokens` (or the model\'s default output cap) against TPM and budget, then settles to the actual usage when the response completes.  A `429` carries `Retry-After` (whole seconds) and `Retry-After-Ms` (milliseconds; preferred by the OpenAI SDKs\' automatic retry). Its error `code` is `rate_limit_exceeded` (RPM/TPM; retry after the delay) or `insufficient_quota` (budget exhausted for the current period; retrying will not help until the period resets or the operator raises the budget).  ## Errors  Every error response has exactly OpenAI\'s shape:  ```json {   \"error\": {     \"message\": \"Invalid API key provided.\",     \"type\": \"authentication_error\",     \"param\": null,     \"code\": \"invalid_api_key\"   } } ```  All four keys are always present; `param` and `code` may be `null`. Every response (success or error) carries an `X-Request-Id` header — quote it when reporting problems.  ## API versioning  Every response carries `X-API-Version: v1`, the version served (the `v1` of the `/v1` paths). A request may name the version it was written for in the same header (`X-API-Version: v1`); naming a version this gateway does not serve gets `400` with `code: \"unsupported_api_version\"` and the list of supported versions, on any path. Without the header the current version is served. Within `v1` changes are additive only: new endpoints, new optional request fields, new response fields and new enum values (clients must ignore what they do not know). Removing or renaming a field, changing its type or meaning, or making an optional field required needs a new version, announced with a deprecation period.  ## Interactive reference  This document is served by every gateway at `/openapi` (YAML; `/openapi?format=JSON` for JSON) and rendered at `/docs` (Swagger UI, served by the gateway itself). Neither needs an API key; \"Try it out\" on `/docs` sends requests to the gateway the page was loaded from, with the API key entered under \"Authorize\" (kept in the page only).  ## Requests on the wire  * **Bodies** are one JSON object in UTF-8, sent with   `Content-Type: application/json` (a `charset` other than UTF-8 is refused)   or with no Content-Type. Other types — `text/plain`, forms (what   `curl -d` sends without `-H \'Content-Type: application/json\'`) — get 400   `unsupported_content_type`, as OpenAI\'s API refuses them. Malformed   JSON, invalid UTF-8, anything after the object, a key given twice in one   object, an unpaired surrogate escape (`\"\\ud800\"`) and nesting deeper than   64 levels get 400 `invalid_json`. * **Sizes**: a body over 20 MB gets 413 `request_too_large`; a request line   over 16 KiB gets 414 `uri_too_long`; headers over 16 KiB get 431   `request_header_fields_too_large`. Beyond 128 KiB of request line or   64 KiB of headers nothing more is read: the answer (414, or 400   `invalid_request`) is sent and the connection closed. * **Slow senders**: headers must follow the request line within 10 s; a   body must not pause for more than 10 s and, after its first 10 s, must   average at least 500 bytes/s. Otherwise: 408 `request_timeout`, and the   connection is closed. * **Connections**: at most 1,024 open at once from one client address; one   more gets 429 `too_many_connections` and is closed. An idle keep-alive   connection is closed after 90 s.  The limits are configurable (`novai.http.*`); these are the defaults. 
 *
 * The version of the OpenAPI document: 1.0.0
 * Contact: api@novai.example.com
 *
 * NOTE: This class is auto generated by OpenAPI Generator (https://openapi-generator.tech).
 * https://openapi-generator.tech
 * Do not edit the class manually.
 */

export const BASE_PATH = "http://127.0.0.1:8080/v1".replace(/\/+$/, "");

export interface ConfigurationParameters {
    basePath?: string; // override base path
    fetchApi?: FetchAPI; // override for fetch implementation
    middleware?: Middleware[]; // middleware to apply before/after fetch requests
    queryParamsStringify?: (params: HTTPQuery) => string; // stringify function for query strings
    username?: string; // parameter for basic security
    password?: string; // parameter for basic security
    apiKey?: string | Promise<string> | ((name: string) => string | Promise<string>); // parameter for apiKey security
    accessToken?: string | Promise<string> | ((name?: string, scopes?: string[]) => string | Promise<string>); // parameter for oauth2 security
    headers?: HTTPHeaders; //header params we want to use on every request
    credentials?: RequestCredentials; //value for the credentials param we want to use on each request
}

export class Configuration {
    constructor(private configuration: ConfigurationParameters = {}) {}

    set config(configuration: Configuration) {
        this.configuration = configuration;
    }

    get basePath(): string {
        return this.configuration.basePath != null ? this.configuration.basePath : BASE_PATH;
    }

    get fetchApi(): FetchAPI | undefined {
        return this.configuration.fetchApi;
    }

    get middleware(): Middleware[] {
        return this.configuration.middleware || [];
    }

    get queryParamsStringify(): (params: HTTPQuery) => string {
        return this.configuration.queryParamsStringify || querystring;
    }

    get username(): string | undefined {
        return this.configuration.username;
    }

    get password(): string | undefined {
        return this.configuration.password;
    }

    get apiKey(): ((name: string) => string | Promise<string>) | undefined {
        const apiKey = this.configuration.apiKey;
        if (apiKey) {
            return typeof apiKey === 'function' ? apiKey : () => apiKey;
        }
        return undefined;
    }

    get accessToken(): ((name?: string, scopes?: string[]) => string | Promise<string>) | undefined {
        const accessToken = this.configuration.accessToken;
        if (accessToken) {
            return typeof accessToken === 'function' ? accessToken : async () => accessToken;
        }
        return undefined;
    }

    get headers(): HTTPHeaders | undefined {
        return this.configuration.headers;
    }

    get credentials(): RequestCredentials | undefined {
        return this.configuration.credentials;
    }
}

export const DefaultConfig = new Configuration();

/**
 * This is the base class for all generated API classes.
 */
export class BaseAPI {

    private static readonly jsonRegex = /^(:?application\/json|[^;/ \t]+\/[^;/ \t]+[+]json)[ \t]*(:?;.*)?$/i;
    private middleware: Middleware[];

    constructor(protected configuration = DefaultConfig) {
        this.middleware = configuration.middleware;
    }

    withMiddleware<T extends BaseAPI>(this: T, ...middlewares: Middleware[]) {
        const next = this.clone<T>();
        next.middleware = next.middleware.concat(...middlewares);
        return next;
    }

    withPreMiddleware<T extends BaseAPI>(this: T, ...preMiddlewares: Array<Middleware['pre']>) {
        const middlewares = preMiddlewares.map((pre) => ({ pre }));
        return this.withMiddleware<T>(...middlewares);
    }

    withPostMiddleware<T extends BaseAPI>(this: T, ...postMiddlewares: Array<Middleware['post']>) {
        const middlewares = postMiddlewares.map((post) => ({ post }));
        return this.withMiddleware<T>(...middlewares);
    }

    /**
     * Check if the given MIME is a JSON MIME.
     * JSON MIME examples:
     *   application/json
     *   application/json; charset=UTF8
     *   APPLICATION/JSON
     *   application/vnd.company+json
     * @param mime - MIME (Multipurpose Internet Mail Extensions)
     * @return True if the given MIME is JSON, false otherwise.
     */
    protected isJsonMime(mime: string | null | undefined): boolean {
        if (!mime) {
            return false;
        }
        return BaseAPI.jsonRegex.test(mime);
    }

    protected async request(context: RequestOpts, initOverrides?: RequestInit | InitOverrideFunction): Promise<Response> {
        const { url, init } = await this.createFetchParams(context, initOverrides);
        const response = await this.fetchApi(url, init);
        if (response && (response.status >= 200 && response.status < 300)) {
            return response;
        }
        throw new ResponseError(response, 'Response returned an error code');
    }

    private async createFetchParams(context: RequestOpts, initOverrides?: RequestInit | InitOverrideFunction) {
        let url = this.configuration.basePath + context.path;
        if (context.query !== undefined && Object.keys(context.query).length !== 0) {
            // only add the querystring to the URL if there are query parameters.
            // this is done to avoid urls ending with a "?" character which buggy webservers
            // do not handle correctly sometimes.
            url += '?' + this.configuration.queryParamsStringify(context.query);
        }

        const headers = Object.assign({}, this.configuration.headers, context.headers);
        Object.keys(headers).forEach(key => headers[key] === undefined ? delete headers[key] : {});

        const initOverrideFn =
            typeof initOverrides === "function"
                ? initOverrides
                : async () => initOverrides;

        const initParams = {
            method: context.method,
            headers,
            body: context.body,
            credentials: this.configuration.credentials,
        };

        const overriddenInit: RequestInit = {
            ...initParams,
            ...(await initOverrideFn({
                init: initParams,
                context,
            }))
        };

        let body: any;
        if (isFormData(overriddenInit.body)
            || (overriddenInit.body instanceof URLSearchParams)
            || isBlob(overriddenInit.body)) {
          body = overriddenInit.body;
        } else if (this.isJsonMime(headers['Content-Type'])) {
          body = JSON.stringify(overriddenInit.body);
        } else {
          body = overriddenInit.body;
        }

        const init: RequestInit = {
            ...overriddenInit,
            body
        };

        return { url, init };
    }

    private fetchApi = async (url: string, init: RequestInit) => {
        let fetchParams = { url, init };
        for (const middleware of this.middleware) {
            if (middleware.pre) {
                fetchParams = await middleware.pre({
                    fetch: this.fetchApi,
                    ...fetchParams,
                }) || fetchParams;
            }
        }
        let response: Response | undefined = undefined;
        try {
            response = await (this.configuration.fetchApi || fetch)(fetchParams.url, fetchParams.init);
        } catch (e) {
            for (const middleware of this.middleware) {
                if (middleware.onError) {
                    response = await middleware.onError({
                        fetch: this.fetchApi,
                        url: fetchParams.url,
                        init: fetchParams.init,
                        error: e,
                        response: response ? response.clone() : undefined,
                    }) || response;
                }
            }
            if (response === undefined) {
              if (e instanceof Error) {
                throw new FetchError(e, 'The request failed and the interceptors did not return an alternative response');
              } else {
                throw e;
              }
            }
        }
        for (const middleware of this.middleware) {
            if (middleware.post) {
                response = await middleware.post({
                    fetch: this.fetchApi,
                    url: fetchParams.url,
                    init: fetchParams.init,
                    response: response.clone(),
                }) || response;
            }
        }
        return response;
    }

    /**
     * Create a shallow clone of `this` by constructing a new instance
     * and then shallow cloning data members.
     */
    private clone<T extends BaseAPI>(this: T): T {
        const constructor = this.constructor as any;
        const next = new constructor(this.configuration);
        next.middleware = this.middleware.slice();
        return next;
    }
};

function isBlob(value: any): value is Blob {
    return typeof Blob !== 'undefined' && value instanceof Blob;
}

function isFormData(value: any): value is FormData {
    return typeof FormData !== "undefined" && value instanceof FormData;
}

export class ResponseError extends Error {
    override name: "ResponseError" = "ResponseError";
    constructor(public response: Response, msg?: string) {
        super(msg);

        // restore prototype chain
        const actualProto = new.target.prototype;
        if (Object.setPrototypeOf) {
            Object.setPrototypeOf(this, actualProto);
        }
    }
}

export class FetchError extends Error {
    override name: "FetchError" = "FetchError";
    constructor(public cause: Error, msg?: string) {
        super(msg);

        // restore prototype chain
        const actualProto = new.target.prototype;
        if (Object.setPrototypeOf) {
            Object.setPrototypeOf(this, actualProto);
        }
    }
}

export class RequiredError extends Error {
    override name: "RequiredError" = "RequiredError";
    constructor(public field: string, msg?: string) {
        super(msg);

        // restore prototype chain
        const actualProto = new.target.prototype;
        if (Object.setPrototypeOf) {
            Object.setPrototypeOf(this, actualProto);
        }
    }
}

export const COLLECTION_FORMATS = {
    csv: ",",
    ssv: " ",
    tsv: "\t",
    pipes: "|",
};

export type FetchAPI = WindowOrWorkerGlobalScope['fetch'];

export type Json = any;
export type HTTPMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';
export type HTTPHeaders = { [key: string]: string };
export type HTTPQuery = { [key: string]: string | number | null | boolean | Array<string | number | null | boolean> | Set<string | number | null | boolean> | HTTPQuery };
export type HTTPBody = Json | FormData | URLSearchParams;
export type HTTPRequestInit = { headers?: HTTPHeaders; method: HTTPMethod; credentials?: RequestCredentials; body?: HTTPBody };
export type ModelPropertyNaming = 'camelCase' | 'snake_case' | 'PascalCase' | 'original';

export type InitOverrideFunction = (requestContext: { init: HTTPRequestInit, context: RequestOpts }) => Promise<RequestInit>

export interface FetchParams {
    url: string;
    init: RequestInit;
}

export interface RequestOpts {
    path: string;
    method: HTTPMethod;
    headers: HTTPHeaders;
    query?: HTTPQuery;
    body?: HTTPBody;
}

export function querystring(params: HTTPQuery, prefix: string = ''): string {
    return Object.keys(params)
        .map(key => querystringSingleKey(key, params[key], prefix))
        .filter(part => part.length > 0)
        .join('&');
}

function querystringSingleKey(key: string, value: string | number | null | undefined | boolean | Array<string | number | null | boolean> | Set<string | number | null | boolean> | HTTPQuery, keyPrefix: string = ''): string {
    const fullKey = keyPrefix + (keyPrefix.length ? `[${key}]` : key);
    if (value instanceof Array) {
        const multiValue = value.map(singleValue => encodeURIComponent(String(singleValue)))
            .join(`&${encodeURIComponent(fullKey)}=`);
        return `${encodeURIComponent(fullKey)}=${multiValue}`;
    }
    if (value instanceof Set) {
        const valueAsArray = Array.from(value);
        return querystringSingleKey(key, valueAsArray, keyPrefix);
    }
    if (value instanceof Date) {
        return `${encodeURIComponent(fullKey)}=${encodeURIComponent(serializeDateTime(value))}`;
    }
    if (value instanceof Object) {
        return querystring(value as HTTPQuery, fullKey);
    }
    return `${encodeURIComponent(fullKey)}=${encodeURIComponent(String(value))}`;
}

export function exists(json: any, key: string) {
    const value = json[key];
    return value !== null && value !== undefined;
}

/**
 * Every generated date call site routes through these.
 *
 * `format: date` is a calendar date, with no time and no offset, so it is converted
 * against the local calendar on both ends: they have to agree or the date shifts by
 * a day. `format: date-time` is an instant and uses UTC.
 */
export function serializeDateTime(value: Date): string {
    return value.toISOString();
}



export function canConsumeForm(consumes: Consume[]): boolean {
    for (const consume of consumes) {
        if (consume.contentType?.startsWith('multipart/form-data') == true) {
            return true;
        }
    }
    return false;
}

export interface Consume {
    contentType: string;
}

export interface RequestContext {
    fetch: FetchAPI;
    url: string;
    init: RequestInit;
}

export interface ResponseContext {
    fetch: FetchAPI;
    url: string;
    init: RequestInit;
    response: Response;
}

export interface ErrorContext {
    fetch: FetchAPI;
    url: string;
    init: RequestInit;
    error: unknown;
    response?: Response;
}

export interface Middleware {
    pre?(context: RequestContext): Promise<FetchParams | void>;
    post?(context: ResponseContext): Promise<Response | void>;
    onError?(context: ErrorContext): Promise<Response | void>;
}

export interface ApiResponse<T> {
    raw: Response;
    value(): Promise<T>;
}

export interface ResponseTransformer<T> {
    (json: any): T;
}

export class JSONApiResponse<T> {
    constructor(public raw: Response, private transformer: ResponseTransformer<T> = (jsonValue: any) => jsonValue) {}

    async value(): Promise<T> {
        return this.transformer(await this.raw.json());
    }
}

export class VoidApiResponse {
    constructor(public raw: Response) {}

    async value(): Promise<void> {
        return undefined;
    }
}

export class BlobApiResponse {
    constructor(public raw: Response) {}

    async value(): Promise<Blob> {
        return await this.raw.blob();
    };
}

export class TextApiResponse {
    constructor(public raw: Response) {}

    async value(): Promise<string> {
        return await this.raw.text();
    };
}
