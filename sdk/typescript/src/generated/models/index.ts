/* tslint:disable */
/* eslint-disable */
/**
 * The newly created key, including its plaintext secret. This is the only response that ever contains `key`.
 * @export
 * @interface AdminApiKeyCreated
 */
export interface AdminApiKeyCreated {
    /**
     * The key's identifier (`key_…`); not a secret.
     */
    id: string;
    /**
     * Always `api_key`.
     */
    object: AdminApiKeyCreatedObjectEnum;
    /**
     * Display form of the secret — its first characters followed by `…`.
     */
    key_prefix: string;
    /**
     * Human-readable name of the key.
     */
    name: string;
    /**
     * Who the key belongs to (team, person or service).
     */
    owner: string;
    /**
     * Tier label (e.g. `free`, `standard`, `pro`, `enterprise`), used for
     * reporting and metrics and as the source of default limits: the
     * operator configures per-tier defaults for `rpm_limit`, `tpm_limit`,
     * `budget_usd` and `budget_period` (`novai.tiers.<tier>.*`). A key's own
     * value, when set, overrides its tier's; responses show the limits in
     * effect. A tier the operator has not configured has no defaults.
     * 
     */
    tier: string;
    /**
     * Requests-per-minute limit in effect for model-calling endpoints (the key's own, else its tier's); `null` = unlimited.
     */
    rpm_limit: number;
    /**
     * Tokens-per-minute limit in effect for model-calling endpoints (the key's own, else its tier's); `null` = unlimited.
     */
    tpm_limit: number;
    /**
     * Spend limit in US dollars per `budget_period`; `null` = no budget. The budget in effect (the key's own, else its tier's).
     */
    budget_usd: number;
    /**
     * 
     */
    budget_period: BudgetPeriod;
    /**
     * Settled spend (from the usage ledger) in the current budget period (day or month, UTC) so far.
     */
    current_period_spend_usd?: number;
    /**
     * Model IDs this key may use; `null` = every model in the catalogue.
     */
    allowed_models: Array<string>;
    /**
     * Server-side tools this key may run (in chat completions' `mcp` tools and through `/mcp`): each entry
     * names one tool as `<server_label>__<tool>` (e.g. `novai__current_time`) or every tool of a server as
     * `<server_label>__*`; `null` = every tool the tools service offers.
     * 
     */
    allowed_tools: Array<string>;
    /**
     * Unix timestamp (seconds) of creation.
     */
    created_at: number;
    /**
     * Unix timestamp (seconds) after which the key stops working; `null` = never.
     */
    expires_at: number;
    /**
     * Unix timestamp (seconds) of the last authenticated request, or `null` if never used. Present once usage tracking is enabled.
     */
    last_used_at?: number;
    /**
     * Whether the key has been revoked.
     */
    revoked: boolean;
    /**
     * Unix timestamp (seconds) of revocation, or `null`.
     */
    revoked_at: number;
    /**
     * The plaintext API key. Store it now — it cannot be retrieved again.
     */
    key: string;
}


/**
 * @export
 */
export const AdminApiKeyCreatedObjectEnum = {
    ApiKey: 'api_key',
} as const;
export type AdminApiKeyCreatedObjectEnum = typeof AdminApiKeyCreatedObjectEnum[keyof typeof AdminApiKeyCreatedObjectEnum];

/**
 * A page of API keys.
 * @export
 * @interface AdminApiKeyList
 */
export interface AdminApiKeyList {
    /**
     * Always `list`.
     */
    object: AdminApiKeyListObjectEnum;
    /**
     * 
     */
    data: Array<ApiKey>;
    /**
     * ID of the first key in `data`; the empty string `""` when `data` is empty (same rule as `ListFilesResponse`).
     */
    first_id: string;
    /**
     * ID of the last key in `data` (use as `after`); the empty string `""` when `data` is empty (same rule as `ListFilesResponse`).
     */
    last_id: string;
    /**
     * Whether more keys follow this page.
     */
    has_more: boolean;
}


/**
 * @export
 */
export const AdminApiKeyListObjectEnum = {
    List: 'list',
} as const;
export type AdminApiKeyListObjectEnum = typeof AdminApiKeyListObjectEnum[keyof typeof AdminApiKeyListObjectEnum];

/**
 * One model as the operator sees it.
 * @export
 * @interface AdminModel
 */
export interface AdminModel {
    /**
     * 
     */
    id: string;
    /**
     * 
     */
    kind: AdminModelKindEnum;
    /**
     * 
     */
    owned_by: string;
    /**
     * 
     */
    input_usd_per_million_tokens: number;
    /**
     * 
     */
    output_usd_per_million_tokens: number;
    /**
     * The chat model's deployments, in the registry's order; empty for embedding models.
     */
    deployments: Array<DeploymentHealth>;
}


/**
 * @export
 */
export const AdminModelKindEnum = {
    Chat: 'chat',
    Embedding: 'embedding',
} as const;
export type AdminModelKindEnum = typeof AdminModelKindEnum[keyof typeof AdminModelKindEnum];

/**
 * Models offered now, with prices and deployment health (`GET /admin/models`).
 * @export
 * @interface AdminModelList
 */
export interface AdminModelList {
    /**
     * 
     */
    object: AdminModelListObjectEnum;
    /**
     * How far back the deployments' numbers reach, in seconds.
     */
    window_seconds: number;
    /**
     * 
     */
    data: Array<AdminModel>;
}


/**
 * @export
 */
export const AdminModelListObjectEnum = {
    List: 'list',
} as const;
export type AdminModelListObjectEnum = typeof AdminModelListObjectEnum[keyof typeof AdminModelListObjectEnum];

/**
 * A NovAI API key as seen by the operator. Never contains the secret —
 * only `key_prefix`. (Named `ApiKey` rather than `AdminApiKey` to avoid
 * confusion with OpenAI's unrelated organization `AdminApiKey` schema.)
 * 
 * @export
 * @interface ApiKey
 */
export interface ApiKey {
    /**
     * The key's identifier (`key_…`); not a secret.
     */
    id: string;
    /**
     * Always `api_key`.
     */
    object: ApiKeyObjectEnum;
    /**
     * Display form of the secret — its first characters followed by `…`.
     */
    key_prefix: string;
    /**
     * Human-readable name of the key.
     */
    name: string;
    /**
     * Who the key belongs to (team, person or service).
     */
    owner: string | null;
    /**
     * Tier label (e.g. `free`, `standard`, `pro`, `enterprise`), used for
     * reporting and metrics and as the source of default limits: the
     * operator configures per-tier defaults for `rpm_limit`, `tpm_limit`,
     * `budget_usd` and `budget_period` (`novai.tiers.<tier>.*`). A key's own
     * value, when set, overrides its tier's; responses show the limits in
     * effect. A tier the operator has not configured has no defaults.
     * 
     */
    tier: string;
    /**
     * Requests-per-minute limit in effect for model-calling endpoints (the key's own, else its tier's); `null` = unlimited.
     */
    rpm_limit: number | null;
    /**
     * Tokens-per-minute limit in effect for model-calling endpoints (the key's own, else its tier's); `null` = unlimited.
     */
    tpm_limit: number | null;
    /**
     * Spend limit in US dollars per `budget_period`; `null` = no budget. The budget in effect (the key's own, else its tier's).
     */
    budget_usd: number | null;
    /**
     * 
     */
    budget_period: BudgetPeriod;
    /**
     * Settled spend (from the usage ledger) in the current budget period (day or month, UTC) so far.
     */
    current_period_spend_usd?: number;
    /**
     * Model IDs this key may use; `null` = every model in the catalogue.
     */
    allowed_models: Array<string> | null;
    /**
     * Server-side tools this key may run (in chat completions' `mcp` tools and through `/mcp`): each entry
     * names one tool as `<server_label>__<tool>` (e.g. `novai__current_time`) or every tool of a server as
     * `<server_label>__*`; `null` = every tool the tools service offers.
     * 
     */
    allowed_tools: Array<string> | null;
    /**
     * Unix timestamp (seconds) of creation.
     */
    created_at: number;
    /**
     * Unix timestamp (seconds) after which the key stops working; `null` = never.
     */
    expires_at: number | null;
    /**
     * Unix timestamp (seconds) of the last authenticated request, or `null` if never used. Present once usage tracking is enabled.
     */
    last_used_at?: number | null;
    /**
     * Whether the key has been revoked.
     */
    revoked: boolean;
    /**
     * Unix timestamp (seconds) of revocation, or `null`.
     */
    revoked_at: number | null;
}


/**
 * @export
 */
export const ApiKeyObjectEnum = {
    ApiKey: 'api_key',
} as const;
export type ApiKeyObjectEnum = typeof ApiKeyObjectEnum[keyof typeof ApiKeyObjectEnum];

/**
 * A batch job. Validates against OpenAI's `Batch`.
 * 
 * Lifecycle: `validating` → `in_progress` → `finalizing` → `completed`;
 * or `validating` → `failed` (input invalid; see `errors`); or
 * `in_progress` → `expired` (not finished within `completion_window`;
 * finished requests are still in the output file); or `cancelling` →
 * `cancelled` after `POST /batches/{batch_id}/cancel`.
 * 
 * Fields for lifecycle stages not reached yet (`in_progress_at`,
 * `output_file_id`, `errors`, ...) are **omitted**, never `null`.
 * 
 * @export
 * @interface Batch
 */
export interface Batch {
    /**
     * The batch identifier (`batch_…`).
     */
    id: string;
    /**
     * Always `batch`.
     */
    object: BatchObjectEnum;
    /**
     * The endpoint used by the batch.
     */
    endpoint: BatchEndpointEnum;
    /**
     * 
     */
    errors?: BatchErrors;
    /**
     * The ID of the input file.
     */
    input_file_id: string;
    /**
     * The time frame within which the batch should be processed.
     */
    completion_window: BatchCompletionWindowEnum;
    /**
     * The current status of the batch.
     */
    status: BatchStatusEnum;
    /**
     * ID of the file with the results of successful requests (`purpose: batch_output`).
     */
    output_file_id?: string;
    /**
     * ID of the file with the results of failed requests (`purpose: batch_output`).
     */
    error_file_id?: string;
    /**
     * Unix timestamp (seconds) of creation.
     */
    created_at: number;
    /**
     * Unix timestamp (seconds) when processing started.
     */
    in_progress_at?: number;
    /**
     * Unix timestamp (seconds) when the batch expires (`created_at` + completion window); set at creation.
     */
    expires_at?: number;
    /**
     * Unix timestamp (seconds) when finalizing started.
     */
    finalizing_at?: number;
    /**
     * Unix timestamp (seconds) of completion.
     */
    completed_at?: number;
    /**
     * Unix timestamp (seconds) when the batch failed.
     */
    failed_at?: number;
    /**
     * Unix timestamp (seconds) when the batch expired.
     */
    expired_at?: number;
    /**
     * Unix timestamp (seconds) when cancellation was requested.
     */
    cancelling_at?: number;
    /**
     * Unix timestamp (seconds) when the batch was cancelled.
     */
    cancelled_at?: number;
    /**
     * 
     */
    request_counts?: BatchRequestCounts;
    /**
     * 
     */
    usage?: BatchUsage;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; } | null;
}


/**
 * @export
 */
export const BatchObjectEnum = {
    Batch: 'batch',
} as const;
export type BatchObjectEnum = typeof BatchObjectEnum[keyof typeof BatchObjectEnum];

/**
 * @export
 */
export const BatchEndpointEnum = {
    V1ChatCompletions: '/v1/chat/completions',
    V1Embeddings: '/v1/embeddings',
} as const;
export type BatchEndpointEnum = typeof BatchEndpointEnum[keyof typeof BatchEndpointEnum];

/**
 * @export
 */
export const BatchCompletionWindowEnum = {
    _24h: '24h',
} as const;
export type BatchCompletionWindowEnum = typeof BatchCompletionWindowEnum[keyof typeof BatchCompletionWindowEnum];

/**
 * @export
 */
export const BatchStatusEnum = {
    Validating: 'validating',
    Failed: 'failed',
    InProgress: 'in_progress',
    Finalizing: 'finalizing',
    Completed: 'completed',
    Expired: 'expired',
    Cancelling: 'cancelling',
    Cancelled: 'cancelled',
} as const;
export type BatchStatusEnum = typeof BatchStatusEnum[keyof typeof BatchStatusEnum];

/**
 * A problem found in the batch input file.
 * @export
 * @interface BatchError
 */
export interface BatchError {
    /**
     * Error code, e.g. `invalid_json`, `invalid_url`, `duplicate_custom_id`, `model_not_found`, `model_not_allowed`, `too_many_requests_in_file`.
     */
    code?: string;
    /**
     * Human-readable details.
     */
    message?: string;
    /**
     * The parameter that caused the error, if applicable.
     */
    param?: string | null;
    /**
     * The 1-based line number in the input file, if applicable.
     */
    line?: number | null;
}
/**
 * Validation errors of the input file; present only when there are any.
 * @export
 * @interface BatchErrors
 */
export interface BatchErrors {
    /**
     * Always `list`.
     */
    object?: BatchErrorsObjectEnum;
    /**
     * 
     */
    data?: Array<BatchError>;
}


/**
 * @export
 */
export const BatchErrorsObjectEnum = {
    List: 'list',
} as const;
export type BatchErrorsObjectEnum = typeof BatchErrorsObjectEnum[keyof typeof BatchErrorsObjectEnum];

/**
 * Expiration policy for the output and error files of the batch (default 30 days).
 * @export
 * @interface BatchFileExpirationAfter
 */
export interface BatchFileExpirationAfter {
    /**
     * Anchor timestamp — the output file's creation time.
     */
    anchor: BatchFileExpirationAfterAnchorEnum;
    /**
     * Seconds after the anchor, between 3600 (1 hour) and 2592000 (30 days).
     */
    seconds: number;
}


/**
 * @export
 */
export const BatchFileExpirationAfterAnchorEnum = {
    CreatedAt: 'created_at',
} as const;
export type BatchFileExpirationAfterAnchorEnum = typeof BatchFileExpirationAfterAnchorEnum[keyof typeof BatchFileExpirationAfterAnchorEnum];

/**
 * Request counts by outcome.
 * @export
 * @interface BatchRequestCounts
 */
export interface BatchRequestCounts {
    /**
     * Total number of requests in the batch.
     */
    total: number;
    /**
     * Requests completed successfully.
     */
    completed: number;
    /**
     * Requests that failed.
     */
    failed: number;
}
/**
 * One line of a batch input file (JSONL). Not an HTTP body — documented
 * here as the format of files uploaded with `purpose: "batch"`.
 * 
 * @export
 * @interface BatchRequestInput
 */
export interface BatchRequestInput {
    /**
     * Caller-chosen ID, unique within the file, used to match outputs to inputs.
     */
    custom_id: string;
    /**
     * Always `POST`.
     */
    method: BatchRequestInputMethodEnum;
    /**
     * Must equal the batch's `endpoint`.
     */
    url: BatchRequestInputUrlEnum;
    /**
     * 
     */
    body: BatchRequestInputBody;
}


/**
 * @export
 */
export const BatchRequestInputMethodEnum = {
    Post: 'POST',
} as const;
export type BatchRequestInputMethodEnum = typeof BatchRequestInputMethodEnum[keyof typeof BatchRequestInputMethodEnum];

/**
 * @export
 */
export const BatchRequestInputUrlEnum = {
    V1ChatCompletions: '/v1/chat/completions',
    V1Embeddings: '/v1/embeddings',
} as const;
export type BatchRequestInputUrlEnum = typeof BatchRequestInputUrlEnum[keyof typeof BatchRequestInputUrlEnum];

/**
 * The request body for `url`. Chat bodies must not set `stream: true`.
 * @export
 * @interface BatchRequestInputBody
 */
export interface BatchRequestInputBody {
    /**
     * ID of an embedding model, as listed by `GET /models`. An id over
     * 256 characters or with anything but visible ASCII →
     * `400 invalid_value`.
     * 
     */
    model: string;
    /**
     * The conversation so far. Roles: `developer`/`system` (instructions;
     * treated identically and mapped to the provider's system prompt),
     * `user` (text and image parts), `assistant` (earlier replies and
     * tool calls) and `tool` (tool results).
     * 
     */
    messages: Array<ChatCompletionRequestMessage>;
    /**
     * Sampling temperature between 0 and 2. Higher values make output more
     * random. Values above a provider's own maximum are clamped to it.
     * 
     */
    temperature?: number;
    /**
     * Nucleus sampling probability mass. Alter this or `temperature`, not both.
     */
    top_p?: number;
    /**
     * How many choices to generate (1 to 128). Values above 1 are served
     * by models of OpenAI-compatible providers, which generate them in one
     * call; models of other providers (Anthropic, the built-in
     * `novai-echo`) answer `400 unsupported_value` (param `n`), and so
     * does a request with server-side tools (`mcp` entries in `tools`),
     * whose tool loop continues one conversation. Every choice comes back
     * with its `index`; a stream interleaves the deltas of all choices,
     * each with its `index`, and is complete only when every choice had
     * its `finish_reason`. `usage` counts the tokens of all choices, and
     * so does the bill.
     * 
     */
    n?: number;
    /**
     * If true, the response is streamed as server-sent events
     * (`text/event-stream`) of `CreateChatCompletionStreamResponse`
     * chunks, terminated by `data: [DONE]`.
     * 
     */
    stream?: boolean;
    /**
     * 
     */
    stream_options?: ChatCompletionStreamOptions | null;
    /**
     * 
     */
    stop?: StopConfiguration | null;
    /**
     * Deprecated alias of `max_completion_tokens`, kept for older clients.
     * If both are sent, `max_completion_tokens` wins.
     * 
     * @deprecated
     */
    max_tokens?: number;
    /**
     * Upper bound on generated tokens, including reasoning tokens. When
     * omitted, the model's default output cap applies. This value (plus
     * the estimated prompt) is what NovAI reserves against TPM and budget
     * at admission.
     * 
     */
    max_completion_tokens?: number;
    /**
     * Between -2.0 and 2.0. Positive values penalize tokens that already appeared, encouraging new topics. Ignored by providers without an equivalent.
     */
    presence_penalty?: number;
    /**
     * Between -2.0 and 2.0. Positive values penalize tokens in proportion to how often they appeared. Ignored by providers without an equivalent.
     */
    frequency_penalty?: number;
    /**
     * Maps token IDs (as strings, in the model's tokenizer) to a bias from
     * -100 to 100 added to the logits before sampling. Only honoured by
     * providers that support it; otherwise `400 unsupported_parameter`.
     * 
     */
    logit_bias?: { [key: string]: number; };
    /**
     * Whether to return log probabilities of the output tokens in
     * `choices[].logprobs` (with each delta when streaming). Served by
     * models of OpenAI-compatible providers; models of other providers
     * (Anthropic, the built-in `novai-echo`, which has no token
     * distribution to report) answer `400 unsupported_parameter` (param
     * `logprobs`). An upstream answer beyond NovAI's bounds (262,144
     * entries in an answer, 1,024 in a streamed chunk, 256 bytes per
     * token) is treated as a failing provider.
     * 
     */
    logprobs?: boolean;
    /**
     * Number (0–20) of most likely alternatives to return per token
     * position. Requires `logprobs: true` (else `400 invalid_value`).
     * 
     */
    top_logprobs?: number;
    /**
     * Best-effort deterministic sampling where the provider supports it. Determinism is not guaranteed.
     */
    seed?: number;
    /**
     * A stable identifier for your end user.
     */
    user?: string;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; };
    /**
     * A list of tools the model may call: `function` tools the client runs, and `mcp` entries naming
     * configured MCP servers whose tools NovAI runs itself (see the operation's description). At most 128
     * tools in all, the servers' included.
     * 
     */
    tools?: Array<CreateChatCompletionRequestToolsInner>;
    /**
     * 
     */
    tool_choice?: ChatCompletionToolChoiceOption;
    /**
     * Whether the model may issue several tool calls in one turn. Ignored by providers that cannot call tools in parallel.
     */
    parallel_tool_calls?: boolean;
    /**
     * 
     */
    response_format?: CreateChatCompletionRequestResponseFormat;
    /**
     * 
     */
    reasoning_effort?: ReasoningEffort | null;
    /**
     * 
     */
    input: CreateEmbeddingRequestInput;
    /**
     * `float` returns each embedding as an array of numbers; `base64`
     * returns the little-endian float32 bytes base64-encoded. Note that
     * the official OpenAI Python SDK requests `base64` by default and
     * decodes it transparently.
     * 
     */
    encoding_format?: BatchRequestInputBodyEncodingFormatEnum;
    /**
     * Number of dimensions of the output embeddings, for models that support shortening (else `400 unsupported_parameter`).
     */
    dimensions?: number;
}


/**
 * @export
 */
export const BatchRequestInputBodyEncodingFormatEnum = {
    Float: 'float',
    Base64: 'base64',
} as const;
export type BatchRequestInputBodyEncodingFormatEnum = typeof BatchRequestInputBodyEncodingFormatEnum[keyof typeof BatchRequestInputBodyEncodingFormatEnum];

/**
 * One line of a batch output or error file (JSONL). Successful requests
 * go to `output_file_id`, failed ones to `error_file_id`. Lines are not
 * guaranteed to be in input order — match them by `custom_id`.
 * 
 * @export
 * @interface BatchRequestOutput
 */
export interface BatchRequestOutput {
    /**
     * ID of this batch request (`batch_req_…`).
     */
    id: string;
    /**
     * The `custom_id` of the input line.
     */
    custom_id: string;
    /**
     * 
     */
    response: BatchRequestOutputResponse | null;
    /**
     * 
     */
    error: BatchRequestOutputError | null;
}
/**
 * Set when the request could not be executed (e.g. the batch expired or was cancelled first).
 * @export
 * @interface BatchRequestOutputError
 */
export interface BatchRequestOutputError {
    /**
     * Error code, e.g. `batch_expired`, `batch_cancelled`.
     */
    code: string;
    /**
     * Human-readable details.
     */
    message: string;
}
/**
 * The HTTP-level result, or `null` if the request could not be executed at all.
 * @export
 * @interface BatchRequestOutputResponse
 */
export interface BatchRequestOutputResponse {
    /**
     * HTTP status code the request would have received.
     */
    status_code: number;
    /**
     * The NovAI request ID (`req_…`).
     */
    request_id: string;
    /**
     * The response body — a `CreateChatCompletionResponse`, `CreateEmbeddingResponse` or `ErrorResponse`.
     */
    body: { [key: string]: any | null; };
}
/**
 * Aggregate token usage of the batch's requests so far.
 * @export
 * @interface BatchUsage
 */
export interface BatchUsage {
    /**
     * Input (prompt) tokens.
     */
    input_tokens: number;
    /**
     * 
     */
    input_tokens_details: BatchUsageInputTokensDetails;
    /**
     * Output (completion) tokens.
     */
    output_tokens: number;
    /**
     * 
     */
    output_tokens_details: BatchUsageOutputTokensDetails;
    /**
     * input_tokens + output_tokens.
     */
    total_tokens: number;
}
/**
 * 
 * @export
 * @interface BatchUsageInputTokensDetails
 */
export interface BatchUsageInputTokensDetails {
    /**
     * Input tokens served from a prompt cache.
     */
    cached_tokens: number;
}
/**
 * 
 * @export
 * @interface BatchUsageOutputTokensDetails
 */
export interface BatchUsageOutputTokensDetails {
    /**
     * Reasoning tokens.
     */
    reasoning_tokens: number;
}

/**
 * Period after which the spend counter resets — each UTC day or each UTC calendar month.
 * @export
 */
export const BudgetPeriod = {
    Day: 'day',
    Month: 'month',
} as const;
export type BudgetPeriod = typeof BudgetPeriod[keyof typeof BudgetPeriod];

/**
 * A call to a function tool created by the model.
 * @export
 * @interface ChatCompletionMessageToolCall
 */
export interface ChatCompletionMessageToolCall {
    /**
     * The ID of the tool call, to be echoed as `tool_call_id` in the tool's answer.
     */
    id: string;
    /**
     * The type of the tool. Always `function`.
     */
    type: ChatCompletionMessageToolCallTypeEnum;
    /**
     * 
     */
    _function: ChatCompletionMessageToolCallFunction;
}


/**
 * @export
 */
export const ChatCompletionMessageToolCallTypeEnum = {
    Function: 'function',
} as const;
export type ChatCompletionMessageToolCallTypeEnum = typeof ChatCompletionMessageToolCallTypeEnum[keyof typeof ChatCompletionMessageToolCallTypeEnum];

/**
 * A fragment of a tool call. The first fragment of each call carries
 * `index`, `id`, `type` and `function.name` (with `function.arguments`
 * `""`); later fragments carry only `index` and the next piece of
 * `function.arguments`. Concatenate `arguments` of fragments sharing an
 * `index`.
 * 
 * @export
 * @interface ChatCompletionMessageToolCallChunk
 */
export interface ChatCompletionMessageToolCallChunk {
    /**
     * Position of the tool call in the message's `tool_calls` array.
     */
    index: number;
    /**
     * The ID of the tool call (first fragment only).
     */
    id?: string;
    /**
     * Always `function` (first fragment only).
     */
    type?: ChatCompletionMessageToolCallChunkTypeEnum;
    /**
     * 
     */
    _function?: ChatCompletionMessageToolCallChunkFunction;
}


/**
 * @export
 */
export const ChatCompletionMessageToolCallChunkTypeEnum = {
    Function: 'function',
} as const;
export type ChatCompletionMessageToolCallChunkTypeEnum = typeof ChatCompletionMessageToolCallChunkTypeEnum[keyof typeof ChatCompletionMessageToolCallChunkTypeEnum];

/**
 * 
 * @export
 * @interface ChatCompletionMessageToolCallChunkFunction
 */
export interface ChatCompletionMessageToolCallChunkFunction {
    /**
     * The name of the function (first fragment only).
     */
    name?: string;
    /**
     * The next fragment of the JSON-encoded arguments.
     */
    arguments?: string;
}
/**
 * The function that the model called.
 * @export
 * @interface ChatCompletionMessageToolCallFunction
 */
export interface ChatCompletionMessageToolCallFunction {
    /**
     * The name of the function to call.
     */
    name: string;
    /**
     * The arguments, as a JSON-encoded string generated by the model.
     * The model may produce invalid JSON or unexpected parameters —
     * validate before use.
     * 
     */
    arguments: string;
}
/**
 * Forces the model to call a specific function.
 * @export
 * @interface ChatCompletionNamedToolChoice
 */
export interface ChatCompletionNamedToolChoice {
    /**
     * Always `function`.
     */
    type: ChatCompletionNamedToolChoiceTypeEnum;
    /**
     * 
     */
    _function: ChatCompletionNamedToolChoiceFunction;
}


/**
 * @export
 */
export const ChatCompletionNamedToolChoiceTypeEnum = {
    Function: 'function',
} as const;
export type ChatCompletionNamedToolChoiceTypeEnum = typeof ChatCompletionNamedToolChoiceTypeEnum[keyof typeof ChatCompletionNamedToolChoiceTypeEnum];

/**
 * 
 * @export
 * @interface ChatCompletionNamedToolChoiceFunction
 */
export interface ChatCompletionNamedToolChoiceFunction {
    /**
     * The name of the function to call.
     */
    name: string;
}
/**
 * A message previously produced by the model, replayed as conversation history.
 * @export
 * @interface ChatCompletionRequestAssistantMessage
 */
export interface ChatCompletionRequestAssistantMessage {
    /**
     * The role of the message's author, in this case `assistant`.
     */
    role: ChatCompletionRequestAssistantMessageRoleEnum;
    /**
     * 
     */
    content?: ChatCompletionRequestAssistantMessageContent | null;
    /**
     * The refusal message by the assistant.
     */
    refusal?: string | null;
    /**
     * An optional participant name, to differentiate participants of the same role.
     */
    name?: string;
    /**
     * The tool calls the model made in this turn.
     */
    tool_calls?: Array<ChatCompletionMessageToolCall>;
}


/**
 * @export
 */
export const ChatCompletionRequestAssistantMessageRoleEnum = {
    Assistant: 'assistant',
} as const;
export type ChatCompletionRequestAssistantMessageRoleEnum = typeof ChatCompletionRequestAssistantMessageRoleEnum[keyof typeof ChatCompletionRequestAssistantMessageRoleEnum];

/**
 * @type ChatCompletionRequestAssistantMessageContent
 * The contents of the assistant message. Required unless `tool_calls` is given.
 * @export
 */
export type ChatCompletionRequestAssistantMessageContent = Array<ChatCompletionRequestAssistantMessageContentPart> | string;
/**
 * @type ChatCompletionRequestAssistantMessageContentPart
 * A content part of an assistant message.
 * @export
 */
export type ChatCompletionRequestAssistantMessageContentPart = { type: 'refusal' } & ChatCompletionRequestMessageContentPartRefusal | { type: 'text' } & ChatCompletionRequestMessageContentPartText;
/**
 * Developer-provided instructions the model should follow regardless of user messages. Equivalent to `system` in NovAI.
 * @export
 * @interface ChatCompletionRequestDeveloperMessage
 */
export interface ChatCompletionRequestDeveloperMessage {
    /**
     * The role of the message's author, in this case `developer`.
     */
    role: ChatCompletionRequestDeveloperMessageRoleEnum;
    /**
     * 
     */
    content: ChatCompletionRequestDeveloperMessageContent;
    /**
     * An optional participant name, to differentiate participants of the same role.
     */
    name?: string;
}


/**
 * @export
 */
export const ChatCompletionRequestDeveloperMessageRoleEnum = {
    Developer: 'developer',
} as const;
export type ChatCompletionRequestDeveloperMessageRoleEnum = typeof ChatCompletionRequestDeveloperMessageRoleEnum[keyof typeof ChatCompletionRequestDeveloperMessageRoleEnum];

/**
 * @type ChatCompletionRequestDeveloperMessageContent
 * The contents of the developer message.
 * @export
 */
export type ChatCompletionRequestDeveloperMessageContent = Array<ChatCompletionRequestMessageContentPartText> | string;
/**
 * @type ChatCompletionRequestMessage
 * One message of the conversation, discriminated by `role`.
 * @export
 */
export type ChatCompletionRequestMessage = { role: 'assistant' } & ChatCompletionRequestAssistantMessage | { role: 'developer' } & ChatCompletionRequestDeveloperMessage | { role: 'system' } & ChatCompletionRequestSystemMessage | { role: 'tool' } & ChatCompletionRequestToolMessage | { role: 'user' } & ChatCompletionRequestUserMessage;
/**
 * 
 * @export
 * @interface ChatCompletionRequestMessageContentPartImage
 */
export interface ChatCompletionRequestMessageContentPartImage {
    /**
     * The type of the content part.
     */
    type: ChatCompletionRequestMessageContentPartImageTypeEnum;
    /**
     * 
     */
    image_url: ChatCompletionRequestMessageContentPartImageImageUrl;
}


/**
 * @export
 */
export const ChatCompletionRequestMessageContentPartImageTypeEnum = {
    ImageUrl: 'image_url',
} as const;
export type ChatCompletionRequestMessageContentPartImageTypeEnum = typeof ChatCompletionRequestMessageContentPartImageTypeEnum[keyof typeof ChatCompletionRequestMessageContentPartImageTypeEnum];

/**
 * 
 * @export
 * @interface ChatCompletionRequestMessageContentPartImageImageUrl
 */
export interface ChatCompletionRequestMessageContentPartImageImageUrl {
    /**
     * Either an `https://` URL of the image or a `data:` URL with
     * base64-encoded image data (`data:image/png;base64,...`). Images
     * over 20 MB are rejected.
     * 
     */
    url: string;
    /**
     * The detail level of the image; ignored by providers without an equivalent.
     */
    detail?: ChatCompletionRequestMessageContentPartImageImageUrlDetailEnum;
}


/**
 * @export
 */
export const ChatCompletionRequestMessageContentPartImageImageUrlDetailEnum = {
    Auto: 'auto',
    Low: 'low',
    High: 'high',
} as const;
export type ChatCompletionRequestMessageContentPartImageImageUrlDetailEnum = typeof ChatCompletionRequestMessageContentPartImageImageUrlDetailEnum[keyof typeof ChatCompletionRequestMessageContentPartImageImageUrlDetailEnum];

/**
 * 
 * @export
 * @interface ChatCompletionRequestMessageContentPartRefusal
 */
export interface ChatCompletionRequestMessageContentPartRefusal {
    /**
     * The type of the content part.
     */
    type: ChatCompletionRequestMessageContentPartRefusalTypeEnum;
    /**
     * The refusal message generated by the model.
     */
    refusal: string;
}


/**
 * @export
 */
export const ChatCompletionRequestMessageContentPartRefusalTypeEnum = {
    Refusal: 'refusal',
} as const;
export type ChatCompletionRequestMessageContentPartRefusalTypeEnum = typeof ChatCompletionRequestMessageContentPartRefusalTypeEnum[keyof typeof ChatCompletionRequestMessageContentPartRefusalTypeEnum];

/**
 * 
 * @export
 * @interface ChatCompletionRequestMessageContentPartText
 */
export interface ChatCompletionRequestMessageContentPartText {
    /**
     * The type of the content part.
     */
    type: ChatCompletionRequestMessageContentPartTextTypeEnum;
    /**
     * The text content.
     */
    text: string;
}


/**
 * @export
 */
export const ChatCompletionRequestMessageContentPartTextTypeEnum = {
    Text: 'text',
} as const;
export type ChatCompletionRequestMessageContentPartTextTypeEnum = typeof ChatCompletionRequestMessageContentPartTextTypeEnum[keyof typeof ChatCompletionRequestMessageContentPartTextTypeEnum];

/**
 * Instructions the model should follow regardless of user messages.
 * @export
 * @interface ChatCompletionRequestSystemMessage
 */
export interface ChatCompletionRequestSystemMessage {
    /**
     * The role of the message's author, in this case `system`.
     */
    role: ChatCompletionRequestSystemMessageRoleEnum;
    /**
     * 
     */
    content: ChatCompletionRequestSystemMessageContent;
    /**
     * An optional participant name, to differentiate participants of the same role.
     */
    name?: string;
}


/**
 * @export
 */
export const ChatCompletionRequestSystemMessageRoleEnum = {
    System: 'system',
} as const;
export type ChatCompletionRequestSystemMessageRoleEnum = typeof ChatCompletionRequestSystemMessageRoleEnum[keyof typeof ChatCompletionRequestSystemMessageRoleEnum];

/**
 * @type ChatCompletionRequestSystemMessageContent
 * The contents of the system message.
 * @export
 */
export type ChatCompletionRequestSystemMessageContent = Array<ChatCompletionRequestMessageContentPartText> | string;
/**
 * The result of a tool call, answering the assistant's `tool_calls[].id`.
 * @export
 * @interface ChatCompletionRequestToolMessage
 */
export interface ChatCompletionRequestToolMessage {
    /**
     * The role of the message's author, in this case `tool`.
     */
    role: ChatCompletionRequestToolMessageRoleEnum;
    /**
     * 
     */
    content: ChatCompletionRequestToolMessageContent;
    /**
     * The `id` of the tool call this message responds to.
     */
    tool_call_id: string;
}


/**
 * @export
 */
export const ChatCompletionRequestToolMessageRoleEnum = {
    Tool: 'tool',
} as const;
export type ChatCompletionRequestToolMessageRoleEnum = typeof ChatCompletionRequestToolMessageRoleEnum[keyof typeof ChatCompletionRequestToolMessageRoleEnum];

/**
 * @type ChatCompletionRequestToolMessageContent
 * The contents of the tool message.
 * @export
 */
export type ChatCompletionRequestToolMessageContent = Array<ChatCompletionRequestMessageContentPartText> | string;
/**
 * A message from the end user, with text and optionally images.
 * @export
 * @interface ChatCompletionRequestUserMessage
 */
export interface ChatCompletionRequestUserMessage {
    /**
     * The role of the message's author, in this case `user`.
     */
    role: ChatCompletionRequestUserMessageRoleEnum;
    /**
     * 
     */
    content: ChatCompletionRequestUserMessageContent;
    /**
     * An optional participant name, to differentiate participants of the same role.
     */
    name?: string;
}


/**
 * @export
 */
export const ChatCompletionRequestUserMessageRoleEnum = {
    User: 'user',
} as const;
export type ChatCompletionRequestUserMessageRoleEnum = typeof ChatCompletionRequestUserMessageRoleEnum[keyof typeof ChatCompletionRequestUserMessageRoleEnum];

/**
 * @type ChatCompletionRequestUserMessageContent
 * The contents of the user message.
 * @export
 */
export type ChatCompletionRequestUserMessageContent = Array<ChatCompletionRequestUserMessageContentPart> | string;
/**
 * @type ChatCompletionRequestUserMessageContentPart
 * A content part of a user message.
 * @export
 */
export type ChatCompletionRequestUserMessageContentPart = { type: 'image_url' } & ChatCompletionRequestMessageContentPartImage | { type: 'text' } & ChatCompletionRequestMessageContentPartText;
/**
 * A chat completion message generated by the model.
 * @export
 * @interface ChatCompletionResponseMessage
 */
export interface ChatCompletionResponseMessage {
    /**
     * The role of the author of this message.
     */
    role: ChatCompletionResponseMessageRoleEnum;
    /**
     * The text of the message; `null` when the model only called tools.
     */
    content: string | null;
    /**
     * The refusal message generated by the model, if it refused.
     */
    refusal: string | null;
    /**
     * The tool calls generated by the model. Omitted when there are none.
     */
    tool_calls?: Array<ChatCompletionMessageToolCall>;
}


/**
 * @export
 */
export const ChatCompletionResponseMessageRoleEnum = {
    Assistant: 'assistant',
} as const;
export type ChatCompletionResponseMessageRoleEnum = typeof ChatCompletionResponseMessageRoleEnum[keyof typeof ChatCompletionResponseMessageRoleEnum];

/**
 * Options for streaming responses. Only set this when `stream` is true.
 * @export
 * @interface ChatCompletionStreamOptions
 */
export interface ChatCompletionStreamOptions {
    /**
     * If true, one additional chunk is streamed before `data: [DONE]`: its
     * `usage` field holds the token usage of the whole request and its
     * `choices` is an empty array. No other chunk carries `usage`. If the
     * stream is interrupted, the usage chunk may not arrive.
     * 
     */
    include_usage?: boolean;
    /**
     * Accepted for OpenAI compatibility and ignored; NovAI never adds an `obfuscation` field.
     */
    include_obfuscation?: boolean;
}
/**
 * The incremental part of the message carried by one chunk. The first
 * chunk of a choice carries `role`; later chunks carry `content`
 * fragments or `tool_calls` fragments; the last chunk has an empty delta.
 * 
 * @export
 * @interface ChatCompletionStreamResponseDelta
 */
export interface ChatCompletionStreamResponseDelta {
    /**
     * The author role; only on the first chunk of each choice.
     */
    role?: ChatCompletionStreamResponseDeltaRoleEnum;
    /**
     * The next fragment of the message text.
     */
    content?: string | null;
    /**
     * The next fragment of a refusal message.
     */
    refusal?: string | null;
    /**
     * Fragments of tool calls.
     */
    tool_calls?: Array<ChatCompletionMessageToolCallChunk>;
}


/**
 * @export
 */
export const ChatCompletionStreamResponseDeltaRoleEnum = {
    Assistant: 'assistant',
} as const;
export type ChatCompletionStreamResponseDeltaRoleEnum = typeof ChatCompletionStreamResponseDeltaRoleEnum[keyof typeof ChatCompletionStreamResponseDeltaRoleEnum];

/**
 * 
 * @export
 * @interface ChatCompletionTokenLogprob
 */
export interface ChatCompletionTokenLogprob {
    /**
     * The token.
     */
    token: string;
    /**
     * The log probability of this token; `-9999.0` if it is outside the top 20.
     */
    logprob: number;
    /**
     * UTF-8 bytes of the token, or `null` if it has no byte representation.
     */
    bytes: Array<number> | null;
    /**
     * The most likely tokens at this position with their log probabilities.
     */
    top_logprobs: Array<ChatCompletionTokenLogprobTopLogprobsInner>;
}
/**
 * 
 * @export
 * @interface ChatCompletionTokenLogprobTopLogprobsInner
 */
export interface ChatCompletionTokenLogprobTopLogprobsInner {
    /**
     * The token.
     */
    token: string;
    /**
     * The log probability of this token.
     */
    logprob: number;
    /**
     * UTF-8 bytes of the token, or `null`.
     */
    bytes: Array<number> | null;
}
/**
 * A function the model may call.
 * @export
 * @interface ChatCompletionTool
 */
export interface ChatCompletionTool {
    /**
     * The type of the tool. Only `function` is supported.
     */
    type: ChatCompletionToolTypeEnum;
    /**
     * 
     */
    _function: FunctionObject;
}


/**
 * @export
 */
export const ChatCompletionToolTypeEnum = {
    Function: 'function',
} as const;
export type ChatCompletionToolTypeEnum = typeof ChatCompletionToolTypeEnum[keyof typeof ChatCompletionToolTypeEnum];

/**
 * @type ChatCompletionToolChoiceOption
 * Controls which (if any) tool is called by the model. `none`: never call
 * a tool; `auto`: the model decides; `required`: the model must call at
 * least one tool; `{"type": "function", "function": {"name": "..."}}`:
 * the model must call that function. Default: `none` without tools,
 * `auto` with tools.
 * 
 * @export
 */
export type ChatCompletionToolChoiceOption = ChatCompletionNamedToolChoice | string;
/**
 * Token usage of the request. Billing (`/usage`) is computed from these counts.
 * @export
 * @interface CompletionUsage
 */
export interface CompletionUsage {
    /**
     * Number of tokens in the prompt.
     */
    prompt_tokens: number;
    /**
     * Number of tokens in the generated completion (including reasoning tokens).
     */
    completion_tokens: number;
    /**
     * prompt_tokens + completion_tokens.
     */
    total_tokens: number;
    /**
     * 
     */
    prompt_tokens_details?: CompletionUsagePromptTokensDetails;
    /**
     * 
     */
    completion_tokens_details?: CompletionUsageCompletionTokensDetails;
}
/**
 * Breakdown of completion tokens, when the provider reports it.
 * @export
 * @interface CompletionUsageCompletionTokensDetails
 */
export interface CompletionUsageCompletionTokensDetails {
    /**
     * Tokens generated for reasoning.
     */
    reasoning_tokens?: number;
}
/**
 * Breakdown of prompt tokens, when the provider reports it.
 * @export
 * @interface CompletionUsagePromptTokensDetails
 */
export interface CompletionUsagePromptTokensDetails {
    /**
     * Prompt tokens served from the provider's prompt cache.
     */
    cached_tokens?: number;
}
/**
 * Request body of `POST /admin/keys`. Omitted optional fields take the defaults shown.
 * @export
 * @interface CreateApiKeyRequest
 */
export interface CreateApiKeyRequest {
    /**
     * Human-readable name of the key.
     */
    name: string;
    /**
     * Who the key belongs to.
     */
    owner?: string | null;
    /**
     * Tier label (e.g. `free`, `standard`, `pro`, `enterprise`), used for
     * reporting and metrics and as the source of default limits: the
     * operator configures per-tier defaults for `rpm_limit`, `tpm_limit`,
     * `budget_usd` and `budget_period` (`novai.tiers.<tier>.*`). A key's own
     * value, when set, overrides its tier's; responses show the limits in
     * effect. A tier the operator has not configured has no defaults.
     * 
     */
    tier?: string;
    /**
     * Requests-per-minute limit; `null` = the tier's default (unlimited when the tier has none).
     */
    rpm_limit?: number | null;
    /**
     * Tokens-per-minute limit; `null` = the tier's default (unlimited when the tier has none).
     */
    tpm_limit?: number | null;
    /**
     * Spend limit in US dollars per `budget_period`, in whole micro-dollars (at most 6 decimal places, the ledger's precision; finer amounts are refused with `400`); `null` = the tier's default (no budget when the tier has none).
     */
    budget_usd?: number | null;
    /**
     * 
     */
    budget_period?: BudgetPeriod;
    /**
     * Model IDs the key may use (each must exist in the catalogue, else `400 invalid_value`); `null` = all models.
     */
    allowed_models?: Set<string> | null;
    /**
     * Server-side tools the key may run, each `<server_label>__<tool>` or `<server_label>__*` (every tool of that server); `null` = every tool.
     */
    allowed_tools?: Set<string> | null;
    /**
     * Unix timestamp (seconds) after which the key stops working; must be in the future and at most 253402300799 (9999-12-31T23:59:59Z). `null` = never.
     */
    expires_at?: number | null;
}


/**
 * @type CreateBatchBody
 * 
 * @export
 */
export type CreateBatchBody = CreateBatchRequest | CreateInlineBatchRequest;
/**
 * Request body of `POST /batches`, compatible with OpenAI's `CreateBatchRequest`.
 * @export
 * @interface CreateBatchRequest
 */
export interface CreateBatchRequest {
    /**
     * ID of an uploaded file (`purpose: "batch"`) containing the requests,
     * one `BatchRequestInput` per line, at most 50,000 lines / 200 MB.
     * For `/v1/embeddings` batches the total number of embedding inputs
     * across all lines is at most 50,000.
     * 
     */
    input_file_id: string;
    /**
     * The endpoint used for every request in the batch; each line's `url` must equal it.
     */
    endpoint: CreateBatchRequestEndpointEnum;
    /**
     * Time frame within which the batch should be processed. Only `24h`.
     */
    completion_window: CreateBatchRequestCompletionWindowEnum;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; } | null;
    /**
     * 
     */
    output_expires_after?: BatchFileExpirationAfter;
}


/**
 * @export
 */
export const CreateBatchRequestEndpointEnum = {
    V1ChatCompletions: '/v1/chat/completions',
    V1Embeddings: '/v1/embeddings',
} as const;
export type CreateBatchRequestEndpointEnum = typeof CreateBatchRequestEndpointEnum[keyof typeof CreateBatchRequestEndpointEnum];

/**
 * @export
 */
export const CreateBatchRequestCompletionWindowEnum = {
    _24h: '24h',
} as const;
export type CreateBatchRequestCompletionWindowEnum = typeof CreateBatchRequestCompletionWindowEnum[keyof typeof CreateBatchRequestCompletionWindowEnum];

/**
 * Request body of `POST /chat/completions`, compatible with OpenAI's
 * `CreateChatCompletionRequest`.
 * 
 * OpenAI request fields not listed here:
 * 
 * * **accepted and passed on** to OpenAI-compatible providers (ignored
 *   by the others): `store`, `service_tier`, `verbosity`,
 *   `prompt_cache_key`, `prompt_cache_retention`, `safety_identifier`;
 * * **accepted and ignored:** `modalities` when it is `["text"]`;
 * * **rejected** with `400 unsupported_parameter`: `audio`, `modalities`
 *   containing `"audio"`, `prediction`, `web_search_options`,
 *   `moderation`, the deprecated `functions` / `function_call` and
 *   `role: "function"` messages, `tools` entries of a type other than
 *   `function` (custom tools), `tool_choice` of type `allowed_tools` or
 *   `custom`, and `input_audio` / `file` content parts.
 * 
 * Other unknown fields whose names look like OpenAI parameters
 * (`^[a-z][a-z0-9_]{0,63}$`, at most 32 per request) are passed on
 * unchanged to models served by OpenAI-compatible providers, so that a
 * parameter newer than NovAI still reaches a provider that knows it (the
 * provider answers `400` for one it does not know); a field NovAI writes
 * itself is never overwritten. For a model served by another provider
 * (Anthropic, ...) such a field is rejected with `400 unknown_parameter`
 * naming it. Any other unknown field is rejected with
 * `400 unknown_parameter`.
 * 
 * @export
 * @interface CreateChatCompletionRequest
 */
export interface CreateChatCompletionRequest {
    /**
     * ID of the model to use, as listed by `GET /models` (e.g.
     * `gpt-4o-mini`, `claude-sonnet-4`). NovAI routes the request to the
     * provider that serves it. Unknown models → `404 model_not_found`;
     * models outside the key's `allowed_models` → `403 model_not_allowed`;
     * an id over 256 characters or with anything but visible ASCII →
     * `400 invalid_value`.
     * 
     */
    model: string;
    /**
     * The conversation so far. Roles: `developer`/`system` (instructions;
     * treated identically and mapped to the provider's system prompt),
     * `user` (text and image parts), `assistant` (earlier replies and
     * tool calls) and `tool` (tool results).
     * 
     */
    messages: Array<ChatCompletionRequestMessage>;
    /**
     * Sampling temperature between 0 and 2. Higher values make output more
     * random. Values above a provider's own maximum are clamped to it.
     * 
     */
    temperature?: number | null;
    /**
     * Nucleus sampling probability mass. Alter this or `temperature`, not both.
     */
    top_p?: number | null;
    /**
     * How many choices to generate (1 to 128). Values above 1 are served
     * by models of OpenAI-compatible providers, which generate them in one
     * call; models of other providers (Anthropic, the built-in
     * `novai-echo`) answer `400 unsupported_value` (param `n`), and so
     * does a request with server-side tools (`mcp` entries in `tools`),
     * whose tool loop continues one conversation. Every choice comes back
     * with its `index`; a stream interleaves the deltas of all choices,
     * each with its `index`, and is complete only when every choice had
     * its `finish_reason`. `usage` counts the tokens of all choices, and
     * so does the bill.
     * 
     */
    n?: number | null;
    /**
     * If true, the response is streamed as server-sent events
     * (`text/event-stream`) of `CreateChatCompletionStreamResponse`
     * chunks, terminated by `data: [DONE]`.
     * 
     */
    stream?: boolean | null;
    /**
     * 
     */
    stream_options?: ChatCompletionStreamOptions | null;
    /**
     * 
     */
    stop?: StopConfiguration | null;
    /**
     * Deprecated alias of `max_completion_tokens`, kept for older clients.
     * If both are sent, `max_completion_tokens` wins.
     * 
     * @deprecated
     */
    max_tokens?: number | null;
    /**
     * Upper bound on generated tokens, including reasoning tokens. When
     * omitted, the model's default output cap applies. This value (plus
     * the estimated prompt) is what NovAI reserves against TPM and budget
     * at admission.
     * 
     */
    max_completion_tokens?: number | null;
    /**
     * Between -2.0 and 2.0. Positive values penalize tokens that already appeared, encouraging new topics. Ignored by providers without an equivalent.
     */
    presence_penalty?: number | null;
    /**
     * Between -2.0 and 2.0. Positive values penalize tokens in proportion to how often they appeared. Ignored by providers without an equivalent.
     */
    frequency_penalty?: number | null;
    /**
     * Maps token IDs (as strings, in the model's tokenizer) to a bias from
     * -100 to 100 added to the logits before sampling. Only honoured by
     * providers that support it; otherwise `400 unsupported_parameter`.
     * 
     */
    logit_bias?: { [key: string]: number; } | null;
    /**
     * Whether to return log probabilities of the output tokens in
     * `choices[].logprobs` (with each delta when streaming). Served by
     * models of OpenAI-compatible providers; models of other providers
     * (Anthropic, the built-in `novai-echo`, which has no token
     * distribution to report) answer `400 unsupported_parameter` (param
     * `logprobs`). An upstream answer beyond NovAI's bounds (262,144
     * entries in an answer, 1,024 in a streamed chunk, 256 bytes per
     * token) is treated as a failing provider.
     * 
     */
    logprobs?: boolean | null;
    /**
     * Number (0–20) of most likely alternatives to return per token
     * position. Requires `logprobs: true` (else `400 invalid_value`).
     * 
     */
    top_logprobs?: number | null;
    /**
     * Best-effort deterministic sampling where the provider supports it. Determinism is not guaranteed.
     */
    seed?: number | null;
    /**
     * A stable identifier for your end user. Forwarded to providers that accept one and recorded in NovAI's request logs.
     */
    user?: string;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; } | null;
    /**
     * A list of tools the model may call: `function` tools the client runs, and `mcp` entries naming
     * configured MCP servers whose tools NovAI runs itself (see the operation's description). At most 128
     * tools in all, the servers' included.
     * 
     */
    tools?: Array<CreateChatCompletionRequestToolsInner>;
    /**
     * 
     */
    tool_choice?: ChatCompletionToolChoiceOption;
    /**
     * Whether the model may issue several tool calls in one turn. Ignored by providers that cannot call tools in parallel.
     */
    parallel_tool_calls?: boolean;
    /**
     * 
     */
    response_format?: CreateChatCompletionRequestResponseFormat;
    /**
     * 
     */
    reasoning_effort?: ReasoningEffort | null;
}


/**
 * @type CreateChatCompletionRequestResponseFormat
 * The format the model must output. `{"type": "json_schema", ...}`
 * enables Structured Outputs; `{"type": "json_object"}` enables JSON
 * mode (include an instruction to produce JSON in the messages). For
 * providers without native support NovAI enforces the format by
 * instruction and validates the output; a non-conforming output ends
 * with `finish_reason: "stop"` and the raw text.
 * 
 * @export
 */
export type CreateChatCompletionRequestResponseFormat = { type: 'json_object' } & ResponseFormatJsonObject | { type: 'json_schema' } & ResponseFormatJsonSchema | { type: 'text' } & ResponseFormatText;
/**
 * @type CreateChatCompletionRequestToolsInner
 * 
 * @export
 */
export type CreateChatCompletionRequestToolsInner = ChatCompletionTool | McpServerTool;
/**
 * A chat completion returned by the model. Validates against OpenAI's `CreateChatCompletionResponse`.
 * @export
 * @interface CreateChatCompletionResponse
 */
export interface CreateChatCompletionResponse {
    /**
     * A unique identifier for the chat completion (`chatcmpl-…`).
     */
    id: string;
    /**
     * Always `chat.completion`.
     */
    object: CreateChatCompletionResponseObjectEnum;
    /**
     * Unix timestamp (seconds) of when the completion was created.
     */
    created: number;
    /**
     * The model that produced the completion (aliases are resolved to the concrete model ID).
     */
    model: string;
    /**
     * The completion choices; more than one if `n` > 1.
     */
    choices: Array<CreateChatCompletionResponseChoicesInner>;
    /**
     * 
     */
    usage?: CompletionUsage;
    /**
     * Backend configuration fingerprint, passed through when the provider supplies one; otherwise omitted.
     * @deprecated
     */
    system_fingerprint?: string;
}


/**
 * @export
 */
export const CreateChatCompletionResponseObjectEnum = {
    ChatCompletion: 'chat.completion',
} as const;
export type CreateChatCompletionResponseObjectEnum = typeof CreateChatCompletionResponseObjectEnum[keyof typeof CreateChatCompletionResponseObjectEnum];

/**
 * 
 * @export
 * @interface CreateChatCompletionResponseChoicesInner
 */
export interface CreateChatCompletionResponseChoicesInner {
    /**
     * The index of the choice in the list of choices.
     */
    index: number;
    /**
     * 
     */
    message: ChatCompletionResponseMessage;
    /**
     * 
     */
    logprobs: CreateChatCompletionResponseChoicesInnerLogprobs | null;
    /**
     * Why generation stopped: `stop` (natural end or stop sequence),
     * `length` (token limit), `tool_calls` (the model called tools),
     * `content_filter` (the provider withheld content).
     * 
     */
    finish_reason: CreateChatCompletionResponseChoicesInnerFinishReasonEnum;
}


/**
 * @export
 */
export const CreateChatCompletionResponseChoicesInnerFinishReasonEnum = {
    Stop: 'stop',
    Length: 'length',
    ToolCalls: 'tool_calls',
    ContentFilter: 'content_filter',
} as const;
export type CreateChatCompletionResponseChoicesInnerFinishReasonEnum = typeof CreateChatCompletionResponseChoicesInnerFinishReasonEnum[keyof typeof CreateChatCompletionResponseChoicesInnerFinishReasonEnum];

/**
 * Log-probability information, or `null` when `logprobs` was not requested.
 * @export
 * @interface CreateChatCompletionResponseChoicesInnerLogprobs
 */
export interface CreateChatCompletionResponseChoicesInnerLogprobs {
    /**
     * Log probabilities of the message content tokens.
     */
    content: Array<ChatCompletionTokenLogprob> | null;
    /**
     * Log probabilities of the refusal tokens.
     */
    refusal: Array<ChatCompletionTokenLogprob> | null;
}
/**
 * One streamed chunk (`chat.completion.chunk`), sent as the payload of a
 * `data:` server-sent event. Every chunk of a completion has the same
 * `id`, `created` and `model`. Validates against OpenAI's
 * `CreateChatCompletionStreamResponse`. See the `200` response of
 * `createChatCompletion` for the framing, `[DONE]` terminator,
 * keep-alives and in-band error events.
 * 
 * @export
 * @interface CreateChatCompletionStreamResponse
 */
export interface CreateChatCompletionStreamResponse {
    /**
     * The ID of the chat completion; identical for all chunks.
     */
    id: string;
    /**
     * Always `chat.completion.chunk`.
     */
    object: CreateChatCompletionStreamResponseObjectEnum;
    /**
     * Unix timestamp (seconds) of when the completion was created; identical for all chunks.
     */
    created: number;
    /**
     * The model generating the completion.
     */
    model: string;
    /**
     * Choice deltas. Empty for the final usage chunk sent when
     * `stream_options.include_usage` is true.
     * 
     */
    choices: Array<CreateChatCompletionStreamResponseChoicesInner>;
    /**
     * Only on the final chunk when `stream_options.include_usage` is true
     * (that chunk has `"choices": []`); omitted from every other chunk.
     * 
     */
    usage?: CompletionUsage;
    /**
     * Backend configuration fingerprint, when the provider supplies one.
     * @deprecated
     */
    system_fingerprint?: string;
}


/**
 * @export
 */
export const CreateChatCompletionStreamResponseObjectEnum = {
    ChatCompletionChunk: 'chat.completion.chunk',
} as const;
export type CreateChatCompletionStreamResponseObjectEnum = typeof CreateChatCompletionStreamResponseObjectEnum[keyof typeof CreateChatCompletionStreamResponseObjectEnum];

/**
 * 
 * @export
 * @interface CreateChatCompletionStreamResponseChoicesInner
 */
export interface CreateChatCompletionStreamResponseChoicesInner {
    /**
     * The index of the choice.
     */
    index: number;
    /**
     * 
     */
    delta: ChatCompletionStreamResponseDelta;
    /**
     * 
     */
    logprobs?: CreateChatCompletionStreamResponseChoicesInnerLogprobs | null;
    /**
     * `null` until the last chunk of the choice, which carries the reason generation stopped.
     */
    finish_reason: CreateChatCompletionStreamResponseChoicesInnerFinishReasonEnum | null;
}


/**
 * @export
 */
export const CreateChatCompletionStreamResponseChoicesInnerFinishReasonEnum = {
    Stop: 'stop',
    Length: 'length',
    ToolCalls: 'tool_calls',
    ContentFilter: 'content_filter',
} as const;
export type CreateChatCompletionStreamResponseChoicesInnerFinishReasonEnum = typeof CreateChatCompletionStreamResponseChoicesInnerFinishReasonEnum[keyof typeof CreateChatCompletionStreamResponseChoicesInnerFinishReasonEnum];

/**
 * Log probabilities of this delta's tokens; `null` unless
 * `logprobs` was requested (and on deltas without tokens, such
 * as the role or the finish).
 * 
 * @export
 * @interface CreateChatCompletionStreamResponseChoicesInnerLogprobs
 */
export interface CreateChatCompletionStreamResponseChoicesInnerLogprobs {
    /**
     * 
     */
    content: Array<ChatCompletionTokenLogprob> | null;
    /**
     * 
     */
    refusal: Array<ChatCompletionTokenLogprob> | null;
}
/**
 * Request body of `POST /embeddings`, compatible with OpenAI's `CreateEmbeddingRequest`.
 * @export
 * @interface CreateEmbeddingRequest
 */
export interface CreateEmbeddingRequest {
    /**
     * 
     */
    input: CreateEmbeddingRequestInput;
    /**
     * ID of an embedding model, as listed by `GET /models`. An id over
     * 256 characters or with anything but visible ASCII →
     * `400 invalid_value`.
     * 
     */
    model: string;
    /**
     * `float` returns each embedding as an array of numbers; `base64`
     * returns the little-endian float32 bytes base64-encoded. Note that
     * the official OpenAI Python SDK requests `base64` by default and
     * decodes it transparently.
     * 
     */
    encoding_format?: CreateEmbeddingRequestEncodingFormatEnum;
    /**
     * Number of dimensions of the output embeddings, for models that support shortening (else `400 unsupported_parameter`).
     */
    dimensions?: number;
    /**
     * A stable identifier for your end user.
     */
    user?: string;
}


/**
 * @export
 */
export const CreateEmbeddingRequestEncodingFormatEnum = {
    Float: 'float',
    Base64: 'base64',
} as const;
export type CreateEmbeddingRequestEncodingFormatEnum = typeof CreateEmbeddingRequestEncodingFormatEnum[keyof typeof CreateEmbeddingRequestEncodingFormatEnum];

/**
 * @type CreateEmbeddingRequestInput
 * Text to embed: a string, an array of strings, an array of token IDs,
 * or an array of token-ID arrays. Arrays hold at most 2048 items;
 * strings must not be empty, and each input must fit the model's
 * maximum input length (else `400 context_length_exceeded`).
 * 
 * @export
 */
export type CreateEmbeddingRequestInput = Array<Array<number>> | Array<number> | Array<string> | string;
/**
 * Validates against OpenAI's `CreateEmbeddingResponse`.
 * @export
 * @interface CreateEmbeddingResponse
 */
export interface CreateEmbeddingResponse {
    /**
     * Always `list`.
     */
    object: CreateEmbeddingResponseObjectEnum;
    /**
     * One embedding per input, in input order.
     */
    data: Array<Embedding>;
    /**
     * The model that generated the embeddings.
     */
    model: string;
    /**
     * 
     */
    usage: CreateEmbeddingResponseUsage;
}


/**
 * @export
 */
export const CreateEmbeddingResponseObjectEnum = {
    List: 'list',
} as const;
export type CreateEmbeddingResponseObjectEnum = typeof CreateEmbeddingResponseObjectEnum[keyof typeof CreateEmbeddingResponseObjectEnum];

/**
 * Token usage of the request.
 * @export
 * @interface CreateEmbeddingResponseUsage
 */
export interface CreateEmbeddingResponseUsage {
    /**
     * Number of input tokens.
     */
    prompt_tokens: number;
    /**
     * Total tokens used (equal to `prompt_tokens`).
     */
    total_tokens: number;
}
/**
 * Request body of the inline form of `POST /batches` (NovAI; the design
 * document's `BatchRequest`): the chat completion requests themselves.
 * 
 * @export
 * @interface CreateInlineBatchRequest
 */
export interface CreateInlineBatchRequest {
    /**
     * Chat completion request bodies, as for `POST /chat/completions`
     * (`stream: true` is refused). Each is checked when the batch is
     * created: one invalid input refuses the whole batch with `400`,
     * `param` naming it (`inputs[3].messages`).
     * 
     */
    inputs: Array<CreateChatCompletionRequest>;
    /**
     * Time frame within which the batch should be processed. Only `24h`.
     */
    completion_window?: CreateInlineBatchRequestCompletionWindowEnum;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; } | null;
}


/**
 * @export
 */
export const CreateInlineBatchRequestCompletionWindowEnum = {
    _24h: '24h',
} as const;
export type CreateInlineBatchRequestCompletionWindowEnum = typeof CreateInlineBatchRequestCompletionWindowEnum[keyof typeof CreateInlineBatchRequestCompletionWindowEnum];

/**
 * Validates against OpenAI's `DeleteFileResponse`.
 * @export
 * @interface DeleteFileResponse
 */
export interface DeleteFileResponse {
    /**
     * The ID of the deleted file.
     */
    id: string;
    /**
     * Always `file`.
     */
    object: DeleteFileResponseObjectEnum;
    /**
     * Always `true` on success.
     */
    deleted: boolean;
}


/**
 * @export
 */
export const DeleteFileResponseObjectEnum = {
    File: 'file',
} as const;
export type DeleteFileResponseObjectEnum = typeof DeleteFileResponseObjectEnum[keyof typeof DeleteFileResponseObjectEnum];

/**
 * One deployment of a chat model: its circuit breaker, and its provider
 * calls that ended within the window (calls whose client left are not
 * counted). Percentiles are `0` when there was no call.
 * 
 * @export
 * @interface DeploymentHealth
 */
export interface DeploymentHealth {
    /**
     * `provider/upstream-model`.
     */
    name: string;
    /**
     * 
     */
    provider: string;
    /**
     * 
     */
    weight: number;
    /**
     * `not_called`: never called since the inference service started, so it has no breaker yet.
     */
    breaker: DeploymentHealthBreakerEnum;
    /**
     * 
     */
    requests: number;
    /**
     * Calls the provider failed (unreachable, 5xx, timeout, 429, a broken stream); not requests it refused as invalid.
     */
    errors: number;
    /**
     * 
     */
    latency_p50_ms: number;
    /**
     * 
     */
    latency_p99_ms: number;
    /**
     * Time to the first chunk of streamed calls.
     */
    ttft_p50_ms: number;
    /**
     * 
     */
    ttft_p99_ms: number;
}


/**
 * @export
 */
export const DeploymentHealthBreakerEnum = {
    Closed: 'closed',
    HalfOpen: 'half_open',
    Open: 'open',
    NotCalled: 'not_called',
} as const;
export type DeploymentHealthBreakerEnum = typeof DeploymentHealthBreakerEnum[keyof typeof DeploymentHealthBreakerEnum];

/**
 * An embedding vector.
 * @export
 * @interface Embedding
 */
export interface Embedding {
    /**
     * The index of the input this embedding belongs to.
     */
    index: number;
    /**
     * Always `embedding`.
     */
    object: EmbeddingObjectEnum;
    /**
     * 
     */
    embedding: EmbeddingEmbedding;
}


/**
 * @export
 */
export const EmbeddingObjectEnum = {
    Embedding: 'embedding',
} as const;
export type EmbeddingObjectEnum = typeof EmbeddingObjectEnum[keyof typeof EmbeddingObjectEnum];

/**
 * @type EmbeddingEmbedding
 * The embedding vector. An array of floats with `encoding_format:
 * float` (default); a base64 string of little-endian float32 values
 * with `encoding_format: base64` — the same wire behaviour as OpenAI,
 * whose published schema only models the float form.
 * 
 * @export
 */
export type EmbeddingEmbedding = Array<number> | string;
/**
 * Body of every error response, and of an in-band error event in a chat completion stream.
 * @export
 * @interface ErrorResponse
 */
export interface ErrorResponse {
    /**
     * 
     */
    error: Error;
}
/**
 * 
 * @export
 * @interface FunctionObject
 */
export interface FunctionObject {
    /**
     * The name of the function. a-z, A-Z, 0-9, underscores and dashes; at most 64 characters.
     */
    name: string;
    /**
     * What the function does; used by the model to choose when and how to call it.
     */
    description?: string;
    /**
     * The parameters the function accepts, as a JSON Schema object. Omitting
     * `parameters` defines a function with an empty parameter list.
     * 
     */
    parameters?: { [key: string]: any; };
    /**
     * Whether the model must follow `parameters` exactly (Structured
     * Outputs). For providers without native strict mode NovAI validates
     * the generated arguments against the schema.
     * 
     */
    strict?: boolean | null;
}
/**
 * A batch created with the inline form. `results` is present once the
 * batch ended (`completed`, `failed`, `expired` or `cancelled`), one
 * entry per input in input order.
 * 
 * @export
 * @interface InlineBatch
 */
export interface InlineBatch {
    /**
     * The batch identifier (`batch_…`).
     */
    id: string;
    /**
     * Always `batch.inline`.
     */
    object: InlineBatchObjectEnum;
    /**
     * `pending` until the first input runs, then `running`; `completed`
     * when every input has a result (some of them may have failed);
     * `expired` when the completion window ended first; `cancelling` →
     * `cancelled` after `POST /batches/{batch_id}/cancel`.
     * 
     */
    status: InlineBatchStatusEnum;
    /**
     * Number of inputs.
     */
    total: number;
    /**
     * Inputs answered successfully so far.
     */
    completed: number;
    /**
     * Inputs that failed so far.
     */
    failed: number;
    /**
     * Unix timestamp (seconds) of creation.
     */
    created_at: number;
    /**
     * Unix timestamp (seconds) when the completion window ends.
     */
    expires_at: number;
    /**
     * Unix timestamp (seconds) when the batch ended; omitted before.
     */
    ended_at?: number;
    /**
     * Set of up to 16 key-value pairs that can be attached to an object.
     * Keys are strings of at most 64 characters; values are strings of at
     * most 512 characters.
     * 
     */
    metadata?: { [key: string]: string; } | null;
    /**
     * One entry per input, in input order; only once the batch ended.
     */
    results?: Array<InlineBatchResult>;
}


/**
 * @export
 */
export const InlineBatchObjectEnum = {
    BatchInline: 'batch.inline',
} as const;
export type InlineBatchObjectEnum = typeof InlineBatchObjectEnum[keyof typeof InlineBatchObjectEnum];

/**
 * @export
 */
export const InlineBatchStatusEnum = {
    Pending: 'pending',
    Running: 'running',
    Completed: 'completed',
    Failed: 'failed',
    Expired: 'expired',
    Cancelling: 'cancelling',
    Cancelled: 'cancelled',
} as const;
export type InlineBatchStatusEnum = typeof InlineBatchStatusEnum[keyof typeof InlineBatchStatusEnum];

/**
 * The outcome of one input of an inline batch.
 * @export
 * @interface InlineBatchResult
 */
export interface InlineBatchResult {
    /**
     * Position of the input in `inputs` (0-based).
     */
    index: number;
    /**
     * HTTP status the request would have had; `null` when it never ran (cancelled, expired).
     */
    status_code: number | null;
    /**
     * The `chat.completion` object, for a successful input.
     */
    body?: CreateChatCompletionResponse;
    /**
     * The error of a failed or never-run input.
     */
    error?: Error;
}
/**
 * 
 * @export
 * @interface JSONSchema
 */
export interface JSONSchema {
    /**
     * The name of the response format. a-z, A-Z, 0-9, underscores and dashes; at most 64 characters.
     */
    name: string;
    /**
     * What the response format is for; used by the model to decide how to respond.
     */
    description?: string;
    /**
     * The schema for the response format, as a JSON Schema object.
     */
    schema?: { [key: string]: any; };
    /**
     * Whether to enforce exact adherence to `schema`.
     */
    strict?: boolean | null;
}
/**
 * One JSON-RPC 2.0 message of the Model Context Protocol: a request (with `id` and `method`) or a
 * notification (`method`, no `id`). Batches (arrays) are not accepted. The `params` of each method are
 * defined by the MCP specification (https://modelcontextprotocol.io/specification).
 * 
 * @export
 * @interface JsonRpcMessage
 */
export interface JsonRpcMessage {
    /**
     * 
     */
    jsonrpc: JsonRpcMessageJsonrpcEnum;
    /**
     * 
     */
    id?: JsonRpcMessageId;
    /**
     * 
     */
    method: string;
    /**
     * 
     */
    params?: object;
}


/**
 * @export
 */
export const JsonRpcMessageJsonrpcEnum = {
    _20: '2.0',
} as const;
export type JsonRpcMessageJsonrpcEnum = typeof JsonRpcMessageJsonrpcEnum[keyof typeof JsonRpcMessageJsonrpcEnum];

/**
 * 
 * @export
 * @interface JsonRpcMessageId
 */
export interface JsonRpcMessageId {
}
/**
 * A JSON-RPC 2.0 response; exactly one of `result` and `error`.
 * @export
 * @interface JsonRpcResponse
 */
export interface JsonRpcResponse {
    /**
     * 
     */
    jsonrpc: JsonRpcResponseJsonrpcEnum;
    /**
     * 
     */
    id?: JsonRpcResponseId | null;
    /**
     * The method's result, as the MCP specification defines it.
     */
    result?: object;
    /**
     * 
     */
    error?: JsonRpcResponseError;
}


/**
 * @export
 */
export const JsonRpcResponseJsonrpcEnum = {
    _20: '2.0',
} as const;
export type JsonRpcResponseJsonrpcEnum = typeof JsonRpcResponseJsonrpcEnum[keyof typeof JsonRpcResponseJsonrpcEnum];

/**
 * 
 * @export
 * @interface JsonRpcResponseError
 */
export interface JsonRpcResponseError {
    /**
     * `-32700` parse error, `-32600` invalid request, `-32601` method not found, `-32602` invalid
     * params (e.g. a tool that does not exist or that the key may not run), `-32603` internal error,
     * `-32029` rate limited (the key's RPM).
     * 
     */
    code: number;
    /**
     * 
     */
    message: string;
    /**
     * Details; for `-32029`, `{code, type, retry_after_ms}`.
     */
    data?: any | null;
}
/**
 * 
 * @export
 * @interface JsonRpcResponseId
 */
export interface JsonRpcResponseId {
}
/**
 * A page of batches. Validates against OpenAI's `ListBatchesResponse`.
 * @export
 * @interface ListBatchesResponse
 */
export interface ListBatchesResponse {
    /**
     * Always `list`.
     */
    object: ListBatchesResponseObjectEnum;
    /**
     * 
     */
    data: Array<Batch>;
    /**
     * ID of the first batch in `data`; the empty string `""` when `data` is empty (same rule as `ListFilesResponse`).
     */
    first_id: string;
    /**
     * ID of the last batch in `data` (use as `after`); the empty string `""` when `data` is empty (same rule as `ListFilesResponse`).
     */
    last_id: string;
    /**
     * Whether more batches follow this page.
     */
    has_more: boolean;
}


/**
 * @export
 */
export const ListBatchesResponseObjectEnum = {
    List: 'list',
} as const;
export type ListBatchesResponseObjectEnum = typeof ListBatchesResponseObjectEnum[keyof typeof ListBatchesResponseObjectEnum];

/**
 * A page of files. Validates against OpenAI's `ListFilesResponse`.
 * @export
 * @interface ListFilesResponse
 */
export interface ListFilesResponse {
    /**
     * Always `list`.
     */
    object: ListFilesResponseObjectEnum;
    /**
     * 
     */
    data: Array<OpenAIFile>;
    /**
     * ID of the first file in `data`; the empty string `""` when `data` is empty (OpenAI's schema requires a non-null string).
     */
    first_id: string;
    /**
     * ID of the last file in `data` (use as `after` for the next page); the empty string `""` when `data` is empty (OpenAI's schema requires a non-null string).
     */
    last_id: string;
    /**
     * Whether more files follow this page.
     */
    has_more: boolean;
}


/**
 * @export
 */
export const ListFilesResponseObjectEnum = {
    List: 'list',
} as const;
export type ListFilesResponseObjectEnum = typeof ListFilesResponseObjectEnum[keyof typeof ListFilesResponseObjectEnum];

/**
 * Validates against OpenAI's `ListModelsResponse`.
 * @export
 * @interface ListModelsResponse
 */
export interface ListModelsResponse {
    /**
     * Always `list`.
     */
    object: ListModelsResponseObjectEnum;
    /**
     * The models available to the calling key.
     */
    data: Array<Model>;
}


/**
 * @export
 */
export const ListModelsResponseObjectEnum = {
    List: 'list',
} as const;
export type ListModelsResponseObjectEnum = typeof ListModelsResponseObjectEnum[keyof typeof ListModelsResponseObjectEnum];

/**
 * The tools of an MCP server configured in NovAI's tools service, run by NovAI for the model (OpenAI's
 * remote-MCP tool shape from the Responses API, in chat completions). Only configured servers can be named:
 * `server_url`, `connector_id`, `headers` and `authorization` are refused with `400 unsupported_parameter`.
 * A server or tool that does not exist is `400 invalid_value`; one the key's `allowed_tools` does not grant is
 * `403 tool_not_allowed`; a configured server that has not connected since the tools service started (its
 * tools are not known yet), `503 tool_server_unavailable` with `Retry-After`; without a tools service,
 * `400 tools_not_enabled`.
 * 
 * @export
 * @interface McpServerTool
 */
export interface McpServerTool {
    /**
     * 
     */
    type: McpServerToolTypeEnum;
    /**
     * A configured MCP server's label, or `novai` for NovAI's built-in tools (`current_time`, `http_fetch`).
     */
    server_label: string;
    /**
     * 
     */
    allowed_tools?: McpServerToolAllowedTools | null;
    /**
     * NovAI runs server-side tools without asking; any other value is `400 unsupported_value`.
     */
    require_approval?: McpServerToolRequireApprovalEnum;
    /**
     * Accepted and ignored.
     */
    server_description?: string;
}


/**
 * @export
 */
export const McpServerToolTypeEnum = {
    Mcp: 'mcp',
} as const;
export type McpServerToolTypeEnum = typeof McpServerToolTypeEnum[keyof typeof McpServerToolTypeEnum];

/**
 * @export
 */
export const McpServerToolRequireApprovalEnum = {
    Never: 'never',
} as const;
export type McpServerToolRequireApprovalEnum = typeof McpServerToolRequireApprovalEnum[keyof typeof McpServerToolRequireApprovalEnum];

/**
 * @type McpServerToolAllowedTools
 * The server's tools to offer (their own names, without the label); omitted or `null` = every tool of the server the key may run.
 * @export
 */
export type McpServerToolAllowedTools = Array<string> | McpServerToolAllowedToolsOneOf;
/**
 * OpenAI's tool filter form.
 * @export
 * @interface McpServerToolAllowedToolsOneOf
 */
export interface McpServerToolAllowedToolsOneOf {
    /**
     * 
     */
    tool_names: Array<string>;
}
/**
 * A model that can be used with the API. Validates against OpenAI's `Model`.
 * @export
 * @interface Model
 */
export interface Model {
    /**
     * The model identifier, used as `model` in requests.
     */
    id: string;
    /**
     * Always `model`.
     */
    object: ModelObjectEnum;
    /**
     * Unix timestamp (seconds) of when the model was released or added to the catalogue.
     */
    created: number;
    /**
     * The upstream provider serving the model, e.g. `openai`, `anthropic`, `google`, `novai` (self-hosted).
     */
    owned_by: string;
}


/**
 * @export
 */
export const ModelObjectEnum = {
    Model: 'model',
} as const;
export type ModelObjectEnum = typeof ModelObjectEnum[keyof typeof ModelObjectEnum];

/**
 * Error details, exactly OpenAI's error object. All four keys are always
 * present.
 * 
 * Common `type` values: `invalid_request_error` (400/404/408/409/413/414/431),
 * `authentication_error` (401), `permission_error` (403), `requests` /
 * `tokens` / `insufficient_quota` (429), `server_error` (500/503/504 and
 * in-stream errors).
 * 
 * @export
 * @interface ModelError
 */
export interface ModelError {
    /**
     * Human-readable description of the error.
     */
    message: string;
    /**
     * Broad error category (see above).
     */
    type: string;
    /**
     * The request parameter the error relates to, if any (e.g. `messages[0].content`).
     */
    param: string | null;
    /**
     * Machine-readable error code (e.g. `invalid_api_key`, `model_not_found`, `rate_limit_exceeded`), or `null`.
     */
    code: string | null;
}
/**
 * An uploaded or generated file. Validates against OpenAI's `OpenAIFile`
 * (the name is kept for compatibility).
 * 
 * @export
 * @interface OpenAIFile
 */
export interface OpenAIFile {
    /**
     * The file identifier (`file-…`).
     */
    id: string;
    /**
     * Always `file`.
     */
    object: OpenAIFileObjectEnum;
    /**
     * Size of the file in bytes.
     */
    bytes: number;
    /**
     * Unix timestamp (seconds) of when the file was created.
     */
    created_at: number;
    /**
     * Unix timestamp (seconds) of when the file expires and is deleted. Omitted if it never expires.
     */
    expires_at?: number;
    /**
     * The file name (as uploaded, or `<batch_id>_output.jsonl` / `<batch_id>_error.jsonl`).
     */
    filename: string;
    /**
     * `batch` for uploaded batch input, `batch_output` for files NovAI generated for a batch.
     */
    purpose: OpenAIFilePurposeEnum;
    /**
     * Kept because OpenAI's schema requires it. NovAI always reports `processed`.
     * @deprecated
     */
    status: OpenAIFileStatusEnum;
}


/**
 * @export
 */
export const OpenAIFileObjectEnum = {
    File: 'file',
} as const;
export type OpenAIFileObjectEnum = typeof OpenAIFileObjectEnum[keyof typeof OpenAIFileObjectEnum];

/**
 * @export
 */
export const OpenAIFilePurposeEnum = {
    Batch: 'batch',
    BatchOutput: 'batch_output',
} as const;
export type OpenAIFilePurposeEnum = typeof OpenAIFilePurposeEnum[keyof typeof OpenAIFilePurposeEnum];

/**
 * @export
 */
export const OpenAIFileStatusEnum = {
    Uploaded: 'uploaded',
    Processed: 'processed',
    Error: 'error',
} as const;
export type OpenAIFileStatusEnum = typeof OpenAIFileStatusEnum[keyof typeof OpenAIFileStatusEnum];


/**
 * Reasoning effort for reasoning models, mapped to each provider's
 * equivalent (e.g. a thinking-token budget). Ignored for models without
 * reasoning controls.
 * 
 * @export
 */
export const ReasoningEffort = {
    None: 'none',
    Minimal: 'minimal',
    Low: 'low',
    Medium: 'medium',
    High: 'high',
    Xhigh: 'xhigh',
    Max: 'max',
} as const;
export type ReasoningEffort = typeof ReasoningEffort[keyof typeof ReasoningEffort];

/**
 * JSON mode — the output is a valid JSON object. Prefer `json_schema` where supported.
 * @export
 * @interface ResponseFormatJsonObject
 */
export interface ResponseFormatJsonObject {
    /**
     * Always `json_object`.
     */
    type: ResponseFormatJsonObjectTypeEnum;
}


/**
 * @export
 */
export const ResponseFormatJsonObjectTypeEnum = {
    JsonObject: 'json_object',
} as const;
export type ResponseFormatJsonObjectTypeEnum = typeof ResponseFormatJsonObjectTypeEnum[keyof typeof ResponseFormatJsonObjectTypeEnum];

/**
 * Structured Outputs — the output conforms to the given JSON Schema.
 * @export
 * @interface ResponseFormatJsonSchema
 */
export interface ResponseFormatJsonSchema {
    /**
     * Always `json_schema`.
     */
    type: ResponseFormatJsonSchemaTypeEnum;
    /**
     * 
     */
    json_schema: JSONSchema;
}


/**
 * @export
 */
export const ResponseFormatJsonSchemaTypeEnum = {
    JsonSchema: 'json_schema',
} as const;
export type ResponseFormatJsonSchemaTypeEnum = typeof ResponseFormatJsonSchemaTypeEnum[keyof typeof ResponseFormatJsonSchemaTypeEnum];

/**
 * Default response format; plain text.
 * @export
 * @interface ResponseFormatText
 */
export interface ResponseFormatText {
    /**
     * Always `text`.
     */
    type: ResponseFormatTextTypeEnum;
}


/**
 * @export
 */
export const ResponseFormatTextTypeEnum = {
    Text: 'text',
} as const;
export type ResponseFormatTextTypeEnum = typeof ResponseFormatTextTypeEnum[keyof typeof ResponseFormatTextTypeEnum];

/**
 * @type RetrievedBatch
 * 
 * @export
 */
export type RetrievedBatch = Batch | InlineBatch;
/**
 * @type StopConfiguration
 * Up to 4 sequences where generation stops. The returned text does not contain the stop sequence.
 * @export
 */
export type StopConfiguration = Array<string> | string;
/**
 * Request body of `PATCH /admin/keys/{key_id}`. Only fields present are
 * changed; `null` clears a nullable field. At least one field is
 * required.
 * 
 * @export
 * @interface UpdateApiKeyRequest
 */
export interface UpdateApiKeyRequest {
    /**
     * New name.
     */
    name?: string;
    /**
     * New owner, or `null` to clear.
     */
    owner?: string | null;
    /**
     * Tier label (e.g. `free`, `standard`, `pro`, `enterprise`), used for
     * reporting and metrics and as the source of default limits: the
     * operator configures per-tier defaults for `rpm_limit`, `tpm_limit`,
     * `budget_usd` and `budget_period` (`novai.tiers.<tier>.*`). A key's own
     * value, when set, overrides its tier's; responses show the limits in
     * effect. A tier the operator has not configured has no defaults.
     * 
     */
    tier?: string;
    /**
     * New RPM limit, or `null` for the tier's default.
     */
    rpm_limit?: number | null;
    /**
     * New TPM limit, or `null` for the tier's default.
     */
    tpm_limit?: number | null;
    /**
     * New budget in whole micro-dollars (at most 6 decimal places), or `null` for the tier's default. Spend already recorded in the current period is kept.
     */
    budget_usd?: number | null;
    /**
     * 
     */
    budget_period?: BudgetPeriod;
    /**
     * New allowed model list, or `null` for all models.
     */
    allowed_models?: Set<string> | null;
    /**
     * New allowed tool list (`<server_label>__<tool>` or `<server_label>__*`), or `null` for every tool.
     */
    allowed_tools?: Set<string> | null;
    /**
     * New expiry (Unix seconds, in the future, at most 253402300799), or `null` for never.
     */
    expires_at?: number | null;
}


/**
 * Aggregated usage of one group (day and/or model).
 * @export
 * @interface UsageRecord
 */
export interface UsageRecord {
    /**
     * The UTC day, or `null` when not grouped by `day`.
     */
    date: string | null;
    /**
     * The model ID, or `null` when not grouped by `model`.
     */
    model: string | null;
    /**
     * The API key's id (`key_…`); present only when grouped by `key`.
     */
    key_id?: string;
    /**
     * Number of billed requests (including batch requests).
     */
    requests: number;
    /**
     * Prompt/input tokens.
     */
    prompt_tokens: number;
    /**
     * Completion/output tokens (0 for embeddings).
     */
    completion_tokens: number;
    /**
     * prompt_tokens + completion_tokens.
     */
    total_tokens: number;
    /**
     * Cost in US dollars at the operator's prices for the model, rounded to 6 decimal places.
     */
    cost_usd: number;
    /**
     * How many of `requests` ran in batches.
     */
    batch_requests: number;
    /**
     * The part of `cost_usd` spent by batch requests (already discounted), rounded to 6 decimal places.
     */
    batch_cost_usd: number;
}
/**
 * Usage and cost of the calling API key over the requested date range.
 * NovAI-specific: unrelated to the bucketed `UsageResponse` of OpenAI's
 * organization usage API (`/organization/usage/*`), which NovAI does not
 * serve.
 * 
 * @export
 * @interface UsageResponse
 */
export interface UsageResponse {
    /**
     * Always `list`.
     */
    object: UsageResponseObjectEnum;
    /**
     * First day of the range (UTC, inclusive), as requested.
     */
    start_date: string;
    /**
     * Last day of the range (UTC, inclusive), as requested.
     */
    end_date: string;
    /**
     * The dimensions the rows are grouped by.
     */
    group_by: Array<UsageResponseGroupByEnum>;
    /**
     * One row per group with non-zero usage, ordered by `date`, then
     * `model`, then `key_id`. Days or models without usage have no row.
     * 
     */
    data: Array<UsageRecord>;
    /**
     * Sum of `cost_usd` over all rows.
     */
    total_cost_usd: number;
}


/**
 * @export
 */
export const UsageResponseObjectEnum = {
    List: 'list',
} as const;
export type UsageResponseObjectEnum = typeof UsageResponseObjectEnum[keyof typeof UsageResponseObjectEnum];

/**
 * @export
 */
export const UsageResponseGroupByEnum = {
    Day: 'day',
    Model: 'model',
    Key: 'key',
} as const;
export type UsageResponseGroupByEnum = typeof UsageResponseGroupByEnum[keyof typeof UsageResponseGroupByEnum];

