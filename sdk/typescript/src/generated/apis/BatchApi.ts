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

import * as runtime from '../runtime.js';
import type {
    Batch,
    CreateBatchBody,
    ErrorResponse,
    InlineBatch,
    ListBatchesResponse,
    RetrievedBatch,
} from '../models/index.js';

export interface BatchApiCancelBatchRequest {
    /**
     * The ID of the batch (`batch_…`).
     */
    batch_id: string;
}

export interface BatchApiCreateBatchRequest {
    /**
     * 
     */
    CreateBatchBody: CreateBatchBody;
}

export interface BatchApiListBatchesRequest {
    /**
     * A cursor for pagination: the ID of the last object of the previous
     * page (its `last_id`). The next page starts after that object.
     * 
     */
    after?: string;
    /**
     * Maximum number of objects to return, between 1 and 100.
     */
    limit?: number;
}

export interface BatchApiRetrieveBatchRequest {
    /**
     * The ID of the batch (`batch_…`).
     */
    batch_id: string;
}

/**
 * 
 */
export class BatchApi extends runtime.BaseAPI {

    /**
     * Creates request options for cancelBatch without sending the request
     */
    async cancelBatchRequestOpts(requestParameters: BatchApiCancelBatchRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['batch_id'] == null) {
            throw new runtime.RequiredError(
                'batch_id',
                'Required parameter "batch_id" was null or undefined when calling cancelBatch().'
            );
        }

        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("bearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/batches/{batch_id}/cancel`;
        urlPath = urlPath.replace('{batch_id}', encodeURIComponent(String(requestParameters['batch_id'])));

        return {
            path: urlPath,
            method: 'POST',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Cancels a `validating` or `in_progress` batch. The batch moves to `cancelling` while in-flight requests finish (at most 10 minutes), then to `cancelled`; partial results, if any, are available in the output file. Cancelling a batch that is already `cancelling` or `cancelled` returns it unchanged. Cancelling a batch in a terminal state (`completed`, `failed`, `expired`) or in `finalizing` returns `409` with `code: \"batch_not_cancellable\"`. New requests of the batch stop at once; an inline batch answers in its own shape. 
     * Cancel a batch
     */
    async cancelBatchRaw(requestParameters: BatchApiCancelBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<RetrievedBatch>> {
        const requestOptions = await this.cancelBatchRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Cancels a `validating` or `in_progress` batch. The batch moves to `cancelling` while in-flight requests finish (at most 10 minutes), then to `cancelled`; partial results, if any, are available in the output file. Cancelling a batch that is already `cancelling` or `cancelled` returns it unchanged. Cancelling a batch in a terminal state (`completed`, `failed`, `expired`) or in `finalizing` returns `409` with `code: \"batch_not_cancellable\"`. New requests of the batch stop at once; an inline batch answers in its own shape. 
     * Cancel a batch
     */
    async cancelBatch(requestParameters: BatchApiCancelBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<RetrievedBatch> {
        const response = await this.cancelBatchRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for createBatch without sending the request
     */
    async createBatchRequestOpts(requestParameters: BatchApiCreateBatchRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['CreateBatchBody'] == null) {
            throw new runtime.RequiredError(
                'CreateBatchBody',
                'Required parameter "CreateBatchBody" was null or undefined when calling createBatch().'
            );
        }

        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        headerParameters['Content-Type'] = 'application/json';

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("bearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/batches`;

        return {
            path: urlPath,
            method: 'POST',
            headers: headerParameters,
            query: queryParameters,
            body: requestParameters['CreateBatchBody'],
        };
    }

    /**
     * Creates and executes a batch. Two request forms share this path and are told apart by the body:  * **OpenAI\'s file form** — a body with `input_file_id`: the requests   are the lines of a file uploaded with `purpose: \"batch\"`. Same   request and response (`200`, a `Batch`) as OpenAI\'s   `POST /v1/batches`. The batch starts in status `validating`; the   file is checked line by line (per-line errors in `errors`, status   `failed`), then runs. * **The inline form** (NovAI) — a body with `inputs`: up to 1,000 chat   completion request bodies in the request itself. Answers `202` with   an `InlineBatch`; `GET /batches/{batch_id}` answers in the same   shape, with `results` once the batch ended.  A body with both `input_file_id` and `inputs`, or neither, is refused with `400`.  Requests in a batch run at background priority: each is reserved and settled against the key\'s budget and `allowed_models` like an interactive request, and may use at most the configured share of the key\'s RPM and TPM (`novai.batches.rate-share`, default 50 %), so that the key\'s interactive requests always keep the rest. Batch requests are billed at the model\'s batch discount (50 % by default) and show as `batch_requests` / `batch_cost_usd` in `/usage`. Returns `404` (`file_not_found`) when `input_file_id` does not name a file of the calling key and `400` (`invalid_file_purpose`) when that file was not uploaded with purpose `batch`. A request that finds the key\'s budget exhausted fails on its own (`429` `insufficient_quota` in its result); the others still run. A request whose backend is unavailable is tried again with backoff (5 tries by default) before it fails. 
     * Create a batch
     */
    async createBatchRaw(requestParameters: BatchApiCreateBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<Batch>> {
        const requestOptions = await this.createBatchRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Creates and executes a batch. Two request forms share this path and are told apart by the body:  * **OpenAI\'s file form** — a body with `input_file_id`: the requests   are the lines of a file uploaded with `purpose: \"batch\"`. Same   request and response (`200`, a `Batch`) as OpenAI\'s   `POST /v1/batches`. The batch starts in status `validating`; the   file is checked line by line (per-line errors in `errors`, status   `failed`), then runs. * **The inline form** (NovAI) — a body with `inputs`: up to 1,000 chat   completion request bodies in the request itself. Answers `202` with   an `InlineBatch`; `GET /batches/{batch_id}` answers in the same   shape, with `results` once the batch ended.  A body with both `input_file_id` and `inputs`, or neither, is refused with `400`.  Requests in a batch run at background priority: each is reserved and settled against the key\'s budget and `allowed_models` like an interactive request, and may use at most the configured share of the key\'s RPM and TPM (`novai.batches.rate-share`, default 50 %), so that the key\'s interactive requests always keep the rest. Batch requests are billed at the model\'s batch discount (50 % by default) and show as `batch_requests` / `batch_cost_usd` in `/usage`. Returns `404` (`file_not_found`) when `input_file_id` does not name a file of the calling key and `400` (`invalid_file_purpose`) when that file was not uploaded with purpose `batch`. A request that finds the key\'s budget exhausted fails on its own (`429` `insufficient_quota` in its result); the others still run. A request whose backend is unavailable is tried again with backoff (5 tries by default) before it fails. 
     * Create a batch
     */
    async createBatch(requestParameters: BatchApiCreateBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<Batch> {
        const response = await this.createBatchRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for listBatches without sending the request
     */
    async listBatchesRequestOpts(requestParameters: BatchApiListBatchesRequest): Promise<runtime.RequestOpts> {
        const queryParameters: any = {};

        if (requestParameters['after'] != null) {
            queryParameters['after'] = requestParameters['after'];
        }

        if (requestParameters['limit'] != null) {
            queryParameters['limit'] = requestParameters['limit'];
        }

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }
        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("bearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/batches`;

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Lists the calling API key\'s batches created from files, newest first (the admin token sees every key\'s). Inline batches are not listed: their creator holds their id. 
     * List batches
     */
    async listBatchesRaw(requestParameters: BatchApiListBatchesRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<ListBatchesResponse>> {
        const requestOptions = await this.listBatchesRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Lists the calling API key\'s batches created from files, newest first (the admin token sees every key\'s). Inline batches are not listed: their creator holds their id. 
     * List batches
     */
    async listBatches(requestParameters: BatchApiListBatchesRequest = {}, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<ListBatchesResponse> {
        const response = await this.listBatchesRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for retrieveBatch without sending the request
     */
    async retrieveBatchRequestOpts(requestParameters: BatchApiRetrieveBatchRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['batch_id'] == null) {
            throw new runtime.RequiredError(
                'batch_id',
                'Required parameter "batch_id" was null or undefined when calling retrieveBatch().'
            );
        }

        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }
        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("bearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/batches/{batch_id}`;
        urlPath = urlPath.replace('{batch_id}', encodeURIComponent(String(requestParameters['batch_id'])));

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Returns a batch of the calling API key (the admin token sees every key\'s): a `Batch` when it was created from a file, an `InlineBatch` (with `results` once it ended) when it was created inline. 
     * Retrieve a batch
     */
    async retrieveBatchRaw(requestParameters: BatchApiRetrieveBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<RetrievedBatch>> {
        const requestOptions = await this.retrieveBatchRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Returns a batch of the calling API key (the admin token sees every key\'s): a `Batch` when it was created from a file, an `InlineBatch` (with `results` once it ended) when it was created inline. 
     * Retrieve a batch
     */
    async retrieveBatch(requestParameters: BatchApiRetrieveBatchRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<RetrievedBatch> {
        const response = await this.retrieveBatchRaw(requestParameters, initOverrides);
        return await response.value();
    }

}
