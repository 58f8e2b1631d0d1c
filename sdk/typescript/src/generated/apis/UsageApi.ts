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
    ErrorResponse,
    UsageResponse,
} from '../models/index.js';

export interface UsageApiGetUsageRequest {
    /**
     * First day of the range (UTC, inclusive), `YYYY-MM-DD`.
     */
    start_date: string;
    /**
     * Last day of the range (UTC, inclusive), `YYYY-MM-DD`.
     */
    end_date: string;
    /**
     * Dimensions to aggregate by, comma-separated (`group_by=day,model`).
     * Rows carry `null` for a dimension that is not grouped. With
     * `group_by=model` each row is one model's total over the range; with
     * `group_by=day` each row is one day's total across models. `key`
     * splits the rows by API key and adds `key_id` to each row (the
     * operator console's "top keys by spend" is `group_by=key` with the
     * admin token); an API key only ever sees its own.
     * 
     */
    group_by?: Set<GetUsageGroupByEnum>;
    /**
     * Only include usage of this model ID.
     */
    model?: string;
    /**
     * Admin token only: only include usage of this key (`key_…`). With an
     * ordinary API key this parameter is refused (`400`,
     * `code: "invalid_value"`): a key only ever sees its own usage.
     * 
     */
    key_id?: string;
}

/**
 * 
 */
export class UsageApi extends runtime.BaseAPI {

    /**
     * Creates request options for getUsage without sending the request
     */
    async getUsageRequestOpts(requestParameters: UsageApiGetUsageRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['start_date'] == null) {
            throw new runtime.RequiredError(
                'start_date',
                'Required parameter "start_date" was null or undefined when calling getUsage().'
            );
        }

        if (requestParameters['end_date'] == null) {
            throw new runtime.RequiredError(
                'end_date',
                'Required parameter "end_date" was null or undefined when calling getUsage().'
            );
        }

        const queryParameters: any = {};

        if (requestParameters['start_date'] != null) {
            queryParameters['start_date'] = requestParameters['start_date'];
        }

        if (requestParameters['end_date'] != null) {
            queryParameters['end_date'] = requestParameters['end_date'];
        }

        if (requestParameters['group_by'] != null) {
            queryParameters['group_by'] = Array.from(requestParameters['group_by'])!.join(runtime.COLLECTION_FORMATS["csv"]);
        }

        if (requestParameters['model'] != null) {
            queryParameters['model'] = requestParameters['model'];
        }

        if (requestParameters['key_id'] != null) {
            queryParameters['key_id'] = requestParameters['key_id'];
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

        let urlPath = `/usage`;

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Returns token usage and cost for the **calling API key**, aggregated per UTC day and/or per model over an inclusive date range. Includes synchronous requests and batch requests. Data for the current day is updated as requests complete.  `end_date` must not be before `start_date`, and the range may span at most 366 days; otherwise `400` with `code: \"invalid_value\"`.  Called with the **admin token** instead of an API key, the totals cover every key (rows are not split by key unless `group_by` names `key`); `key_id` narrows them to one key. 
     * Get usage and cost for the calling key
     */
    async getUsageRaw(requestParameters: UsageApiGetUsageRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<UsageResponse>> {
        const requestOptions = await this.getUsageRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Returns token usage and cost for the **calling API key**, aggregated per UTC day and/or per model over an inclusive date range. Includes synchronous requests and batch requests. Data for the current day is updated as requests complete.  `end_date` must not be before `start_date`, and the range may span at most 366 days; otherwise `400` with `code: \"invalid_value\"`.  Called with the **admin token** instead of an API key, the totals cover every key (rows are not split by key unless `group_by` names `key`); `key_id` narrows them to one key. 
     * Get usage and cost for the calling key
     */
    async getUsage(requestParameters: UsageApiGetUsageRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<UsageResponse> {
        const response = await this.getUsageRaw(requestParameters, initOverrides);
        return await response.value();
    }

}

/**
 * @export
 */
export const GetUsageGroupByEnum = {
    Day: 'day',
    Model: 'model',
    Key: 'key',
} as const;
export type GetUsageGroupByEnum = typeof GetUsageGroupByEnum[keyof typeof GetUsageGroupByEnum];
