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
    AdminApiKeyCreated,
    AdminApiKeyList,
    AdminModelList,
    ApiKey,
    CreateApiKeyRequest,
    ErrorResponse,
    UpdateApiKeyRequest,
} from '../models/index.js';

export interface AdminApiCreateApiKeyOperationRequest {
    /**
     * 
     */
    CreateApiKeyRequest: CreateApiKeyRequest;
}

export interface AdminApiListApiKeysRequest {
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
    /**
     * Only return keys with this exact `owner`.
     */
    owner?: string;
    /**
     * Only return keys whose `name`, `owner` or `key_prefix` contains this
     * text, ignoring case (at most 200 characters; longer is `400`,
     * `code: "invalid_value"`). Pages with `after` like any other listing.
     * 
     */
    search?: string;
    /**
     * Also return revoked keys.
     */
    include_revoked?: boolean;
}

export interface AdminApiRetrieveApiKeyRequest {
    /**
     * The ID of the API key (`key_…`) — not the secret itself.
     */
    key_id: string;
}

export interface AdminApiRevokeApiKeyRequest {
    /**
     * The ID of the API key (`key_…`) — not the secret itself.
     */
    key_id: string;
}

export interface AdminApiUpdateApiKeyOperationRequest {
    /**
     * The ID of the API key (`key_…`) — not the secret itself.
     */
    key_id: string;
    /**
     * 
     */
    UpdateApiKeyRequest: UpdateApiKeyRequest;
}

/**
 * 
 */
export class AdminApi extends runtime.BaseAPI {

    /**
     * Creates request options for createApiKey without sending the request
     */
    async createApiKeyRequestOpts(requestParameters: AdminApiCreateApiKeyOperationRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['CreateApiKeyRequest'] == null) {
            throw new runtime.RequiredError(
                'CreateApiKeyRequest',
                'Required parameter "CreateApiKeyRequest" was null or undefined when calling createApiKey().'
            );
        }

        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        headerParameters['Content-Type'] = 'application/json';

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/admin/keys`;

        return {
            path: urlPath,
            method: 'POST',
            headers: headerParameters,
            query: queryParameters,
            body: requestParameters['CreateApiKeyRequest'],
        };
    }

    /**
     * Issues a new API key. The response is the only time the plaintext `key` is ever returned — NovAI stores only a hash. Omitted limits mean \"unlimited\"; omitted `allowed_models` means every model in the catalogue. 
     * Create an API key
     */
    async createApiKeyRaw(requestParameters: AdminApiCreateApiKeyOperationRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<AdminApiKeyCreated>> {
        const requestOptions = await this.createApiKeyRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Issues a new API key. The response is the only time the plaintext `key` is ever returned — NovAI stores only a hash. Omitted limits mean \"unlimited\"; omitted `allowed_models` means every model in the catalogue. 
     * Create an API key
     */
    async createApiKey(requestParameters: AdminApiCreateApiKeyOperationRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<AdminApiKeyCreated> {
        const response = await this.createApiKeyRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for listAdminModels without sending the request
     */
    async listAdminModelsRequestOpts(): Promise<runtime.RequestOpts> {
        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/admin/models`;

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Every model offered now, with its prices and, for chat models, each deployment\'s circuit breaker and what its provider calls of the last `window_seconds` measured (from the inference service\'s own bookkeeping: at most its last 512 calls per deployment). Embedding models have no deployment health here (`deployments` is empty). For the operator console; the numbers are per inference replica that answered, not summed over replicas. 
     * Models with their deployments, prices and health
     */
    async listAdminModelsRaw(initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<AdminModelList>> {
        const requestOptions = await this.listAdminModelsRequestOpts();
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Every model offered now, with its prices and, for chat models, each deployment\'s circuit breaker and what its provider calls of the last `window_seconds` measured (from the inference service\'s own bookkeeping: at most its last 512 calls per deployment). Embedding models have no deployment health here (`deployments` is empty). For the operator console; the numbers are per inference replica that answered, not summed over replicas. 
     * Models with their deployments, prices and health
     */
    async listAdminModels(initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<AdminModelList> {
        const response = await this.listAdminModelsRaw(initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for listApiKeys without sending the request
     */
    async listApiKeysRequestOpts(requestParameters: AdminApiListApiKeysRequest): Promise<runtime.RequestOpts> {
        const queryParameters: any = {};

        if (requestParameters['after'] != null) {
            queryParameters['after'] = requestParameters['after'];
        }

        if (requestParameters['limit'] != null) {
            queryParameters['limit'] = requestParameters['limit'];
        }

        if (requestParameters['owner'] != null) {
            queryParameters['owner'] = requestParameters['owner'];
        }

        if (requestParameters['search'] != null) {
            queryParameters['search'] = requestParameters['search'];
        }

        if (requestParameters['include_revoked'] != null) {
            queryParameters['include_revoked'] = requestParameters['include_revoked'];
        }

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/admin/keys`;

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Lists API keys, newest first. Never includes key secrets — only the display `key_prefix`. 
     * List API keys
     */
    async listApiKeysRaw(requestParameters: AdminApiListApiKeysRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<AdminApiKeyList>> {
        const requestOptions = await this.listApiKeysRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Lists API keys, newest first. Never includes key secrets — only the display `key_prefix`. 
     * List API keys
     */
    async listApiKeys(requestParameters: AdminApiListApiKeysRequest = {}, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<AdminApiKeyList> {
        const response = await this.listApiKeysRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for retrieveApiKey without sending the request
     */
    async retrieveApiKeyRequestOpts(requestParameters: AdminApiRetrieveApiKeyRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['key_id'] == null) {
            throw new runtime.RequiredError(
                'key_id',
                'Required parameter "key_id" was null or undefined when calling retrieveApiKey().'
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

        let urlPath = `/admin/keys/{key_id}`;
        urlPath = urlPath.replace('{key_id}', encodeURIComponent(String(requestParameters['key_id'])));

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Returns one API key (including revoked ones), without its secret.
     * Retrieve an API key
     */
    async retrieveApiKeyRaw(requestParameters: AdminApiRetrieveApiKeyRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<ApiKey>> {
        const requestOptions = await this.retrieveApiKeyRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Returns one API key (including revoked ones), without its secret.
     * Retrieve an API key
     */
    async retrieveApiKey(requestParameters: AdminApiRetrieveApiKeyRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<ApiKey> {
        const response = await this.retrieveApiKeyRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for revokeApiKey without sending the request
     */
    async revokeApiKeyRequestOpts(requestParameters: AdminApiRevokeApiKeyRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['key_id'] == null) {
            throw new runtime.RequiredError(
                'key_id',
                'Required parameter "key_id" was null or undefined when calling revokeApiKey().'
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

        let urlPath = `/admin/keys/{key_id}`;
        urlPath = urlPath.replace('{key_id}', encodeURIComponent(String(requestParameters['key_id'])));

        return {
            path: urlPath,
            method: 'DELETE',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Revokes a key. Requests using it fail with `401 invalid_api_key` from then on. Revocation is permanent; the key record is kept (with `revoked: true`) for auditing and usage reporting. Revoking an already-revoked key is a no-op that returns the key unchanged. 
     * Revoke an API key
     */
    async revokeApiKeyRaw(requestParameters: AdminApiRevokeApiKeyRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<ApiKey>> {
        const requestOptions = await this.revokeApiKeyRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Revokes a key. Requests using it fail with `401 invalid_api_key` from then on. Revocation is permanent; the key record is kept (with `revoked: true`) for auditing and usage reporting. Revoking an already-revoked key is a no-op that returns the key unchanged. 
     * Revoke an API key
     */
    async revokeApiKey(requestParameters: AdminApiRevokeApiKeyRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<ApiKey> {
        const response = await this.revokeApiKeyRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for updateApiKey without sending the request
     */
    async updateApiKeyRequestOpts(requestParameters: AdminApiUpdateApiKeyOperationRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['key_id'] == null) {
            throw new runtime.RequiredError(
                'key_id',
                'Required parameter "key_id" was null or undefined when calling updateApiKey().'
            );
        }

        if (requestParameters['UpdateApiKeyRequest'] == null) {
            throw new runtime.RequiredError(
                'UpdateApiKeyRequest',
                'Required parameter "UpdateApiKeyRequest" was null or undefined when calling updateApiKey().'
            );
        }

        const queryParameters: any = {};

        const headerParameters: runtime.HTTPHeaders = {};

        headerParameters['Content-Type'] = 'application/json';

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("adminBearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/admin/keys/{key_id}`;
        urlPath = urlPath.replace('{key_id}', encodeURIComponent(String(requestParameters['key_id'])));

        return {
            path: urlPath,
            method: 'PATCH',
            headers: headerParameters,
            query: queryParameters,
            body: requestParameters['UpdateApiKeyRequest'],
        };
    }

    /**
     * Changes an active key\'s metadata, limits, budget, allowed models or expiry. Only the fields present are changed; sending `null` for a nullable field clears it (e.g. `\"rpm_limit\": null` falls back to the tier\'s RPM limit, `\"allowed_models\": null` allows every model). Changes apply to subsequent requests immediately. The secret itself cannot be changed — create a new key and revoke the old one instead. Updating a revoked key returns `409` with `code: \"key_revoked\"`. 
     * Update an API key
     */
    async updateApiKeyRaw(requestParameters: AdminApiUpdateApiKeyOperationRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<ApiKey>> {
        const requestOptions = await this.updateApiKeyRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Changes an active key\'s metadata, limits, budget, allowed models or expiry. Only the fields present are changed; sending `null` for a nullable field clears it (e.g. `\"rpm_limit\": null` falls back to the tier\'s RPM limit, `\"allowed_models\": null` allows every model). Changes apply to subsequent requests immediately. The secret itself cannot be changed — create a new key and revoke the old one instead. Updating a revoked key returns `409` with `code: \"key_revoked\"`. 
     * Update an API key
     */
    async updateApiKey(requestParameters: AdminApiUpdateApiKeyOperationRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<ApiKey> {
        const response = await this.updateApiKeyRaw(requestParameters, initOverrides);
        return await response.value();
    }

}
