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
    BatchFileExpirationAfter,
    DeleteFileResponse,
    ErrorResponse,
    ListFilesResponse,
    OpenAIFile,
} from '../models/index.js';

export interface FilesApiCreateFileRequest {
    /**
     * The file (not the file name) to upload — UTF-8 JSONL, at most 200 MB, each line a `BatchRequestInput` (at most 50,000 lines, checked when a batch is created from it). 
     */
    file: Blob;
    /**
     * The intended purpose of the file. Only `batch` can be uploaded; `batch_output` is reserved for the output and error files NovAI creates for batches. Other OpenAI purposes (`assistants`, `fine-tune`, ...) are rejected with `400 invalid_value`. 
     */
    purpose: CreateFilePurposeEnum;
    /**
     * 
     */
    expires_after?: BatchFileExpirationAfter;
}

export interface FilesApiDeleteFileRequest {
    /**
     * The ID of the file (`file-…`).
     */
    file_id: string;
}

export interface FilesApiDownloadFileRequest {
    /**
     * The ID of the file (`file-…`).
     */
    file_id: string;
}

export interface FilesApiListFilesRequest {
    /**
     * Only return files with the given purpose.
     */
    purpose?: ListFilesPurposeEnum;
    /**
     * A limit on the number of objects to be returned, between 1 and 10,000.
     */
    limit?: number;
    /**
     * Sort order by `created_at`; `asc` for ascending, `desc` for descending.
     */
    order?: ListFilesOrderEnum;
    /**
     * A cursor for pagination: the ID of the last object of the previous
     * page (its `last_id`). The next page starts after that object.
     * 
     */
    after?: string;
}

export interface FilesApiRetrieveFileRequest {
    /**
     * The ID of the file (`file-…`).
     */
    file_id: string;
}

/**
 * 
 */
export class FilesApi extends runtime.BaseAPI {

    /**
     * Creates request options for createFile without sending the request
     */
    async createFileRequestOpts(requestParameters: FilesApiCreateFileRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['file'] == null) {
            throw new runtime.RequiredError(
                'file',
                'Required parameter "file" was null or undefined when calling createFile().'
            );
        }

        if (requestParameters['purpose'] == null) {
            throw new runtime.RequiredError(
                'purpose',
                'Required parameter "purpose" was null or undefined when calling createFile().'
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
        const consumes: runtime.Consume[] = [
            { contentType: 'multipart/form-data' },
        ];
        // @ts-ignore: canConsumeForm may be unused
        const canConsumeForm = runtime.canConsumeForm(consumes);

        let formParams: { append(param: string, value: any): any };
        let useForm = false;
        // use FormData to transmit files using content-type "multipart/form-data"
        useForm = canConsumeForm;
        if (useForm) {
            formParams = new FormData();
        } else {
            formParams = new URLSearchParams();
        }

        if (requestParameters['file'] != null) {
            formParams.append('file', requestParameters['file'] as any);
        }

        if (requestParameters['purpose'] != null) {
            formParams.append('purpose', requestParameters['purpose'] as any);
        }

        if (requestParameters['expires_after'] != null) {

            formParams.append('expires_after', new Blob([JSON.stringify(requestParameters['expires_after'])], { type: "application/json", }));
        }


        let urlPath = `/files`;

        return {
            path: urlPath,
            method: 'POST',
            headers: headerParameters,
            query: queryParameters,
            body: formParams,
        };
    }

    /**
     * Uploads a JSONL file to be used as batch input (`purpose: \"batch\"`). Same request format as OpenAI\'s `POST /v1/files`.  Limits: at most 200 MB (`413 file_too_large`). The file must be UTF-8 JSONL where every line is a `BatchRequestInput`; the lines (at most 50,000 of them) are checked when a batch is created from the file (batch status `validating`, then `failed` with per-line `errors`). Files belong to the API key that uploaded them (the admin token uploads none: `403` with `code: \"api_key_required\"`). Files with `purpose: \"batch\"` expire after 30 days unless `expires_after` says otherwise. The form fields may come in any order. 
     * Upload a file
     */
    async createFileRaw(requestParameters: FilesApiCreateFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<OpenAIFile>> {
        const requestOptions = await this.createFileRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Uploads a JSONL file to be used as batch input (`purpose: \"batch\"`). Same request format as OpenAI\'s `POST /v1/files`.  Limits: at most 200 MB (`413 file_too_large`). The file must be UTF-8 JSONL where every line is a `BatchRequestInput`; the lines (at most 50,000 of them) are checked when a batch is created from the file (batch status `validating`, then `failed` with per-line `errors`). Files belong to the API key that uploaded them (the admin token uploads none: `403` with `code: \"api_key_required\"`). Files with `purpose: \"batch\"` expire after 30 days unless `expires_after` says otherwise. The form fields may come in any order. 
     * Upload a file
     */
    async createFile(requestParameters: FilesApiCreateFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<OpenAIFile> {
        const response = await this.createFileRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for deleteFile without sending the request
     */
    async deleteFileRequestOpts(requestParameters: FilesApiDeleteFileRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['file_id'] == null) {
            throw new runtime.RequiredError(
                'file_id',
                'Required parameter "file_id" was null or undefined when calling deleteFile().'
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

        let urlPath = `/files/{file_id}`;
        urlPath = urlPath.replace('{file_id}', encodeURIComponent(String(requestParameters['file_id'])));

        return {
            path: urlPath,
            method: 'DELETE',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Deletes a file owned by the calling API key (the admin token may delete every key\'s). Batches that already started keep working from their own copy of the input. 
     * Delete a file
     */
    async deleteFileRaw(requestParameters: FilesApiDeleteFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<DeleteFileResponse>> {
        const requestOptions = await this.deleteFileRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Deletes a file owned by the calling API key (the admin token may delete every key\'s). Batches that already started keep working from their own copy of the input. 
     * Delete a file
     */
    async deleteFile(requestParameters: FilesApiDeleteFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<DeleteFileResponse> {
        const response = await this.deleteFileRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for downloadFile without sending the request
     */
    async downloadFileRequestOpts(requestParameters: FilesApiDownloadFileRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['file_id'] == null) {
            throw new runtime.RequiredError(
                'file_id',
                'Required parameter "file_id" was null or undefined when calling downloadFile().'
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

        let urlPath = `/files/{file_id}/content`;
        urlPath = urlPath.replace('{file_id}', encodeURIComponent(String(requestParameters['file_id'])));

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Returns the raw bytes of a file. Batch input files contain `BatchRequestInput` lines; batch output and error files contain `BatchRequestOutput` lines (JSONL, one JSON object per line). 
     * Retrieve file content
     */
    async downloadFileRaw(requestParameters: FilesApiDownloadFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<string>> {
        const requestOptions = await this.downloadFileRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        if (this.isJsonMime(response.headers.get('content-type'))) {
            return new runtime.JSONApiResponse<string>(response);
        } else {
            return new runtime.TextApiResponse(response) as any;
        }
    }

    /**
     * Returns the raw bytes of a file. Batch input files contain `BatchRequestInput` lines; batch output and error files contain `BatchRequestOutput` lines (JSONL, one JSON object per line). 
     * Retrieve file content
     */
    async downloadFile(requestParameters: FilesApiDownloadFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<string> {
        const response = await this.downloadFileRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for listFiles without sending the request
     */
    async listFilesRequestOpts(requestParameters: FilesApiListFilesRequest): Promise<runtime.RequestOpts> {
        const queryParameters: any = {};

        if (requestParameters['purpose'] != null) {
            queryParameters['purpose'] = requestParameters['purpose'];
        }

        if (requestParameters['limit'] != null) {
            queryParameters['limit'] = requestParameters['limit'];
        }

        if (requestParameters['order'] != null) {
            queryParameters['order'] = requestParameters['order'];
        }

        if (requestParameters['after'] != null) {
            queryParameters['after'] = requestParameters['after'];
        }

        const headerParameters: runtime.HTTPHeaders = {};

        if (this.configuration && this.configuration.accessToken) {
            const token = this.configuration.accessToken;
            const tokenString = await token("bearerAuth", []);

            if (tokenString) {
                headerParameters["Authorization"] = `Bearer ${tokenString}`;
            }
        }

        let urlPath = `/files`;

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Lists the files owned by the calling API key, uploaded ones and batch outputs alike (the admin token sees every key\'s).
     * List files
     */
    async listFilesRaw(requestParameters: FilesApiListFilesRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<ListFilesResponse>> {
        const requestOptions = await this.listFilesRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Lists the files owned by the calling API key, uploaded ones and batch outputs alike (the admin token sees every key\'s).
     * List files
     */
    async listFiles(requestParameters: FilesApiListFilesRequest = {}, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<ListFilesResponse> {
        const response = await this.listFilesRaw(requestParameters, initOverrides);
        return await response.value();
    }

    /**
     * Creates request options for retrieveFile without sending the request
     */
    async retrieveFileRequestOpts(requestParameters: FilesApiRetrieveFileRequest): Promise<runtime.RequestOpts> {
        if (requestParameters['file_id'] == null) {
            throw new runtime.RequiredError(
                'file_id',
                'Required parameter "file_id" was null or undefined when calling retrieveFile().'
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

        let urlPath = `/files/{file_id}`;
        urlPath = urlPath.replace('{file_id}', encodeURIComponent(String(requestParameters['file_id'])));

        return {
            path: urlPath,
            method: 'GET',
            headers: headerParameters,
            query: queryParameters,
        };
    }

    /**
     * Returns information about a file owned by the calling API key (the admin token sees every key\'s).
     * Retrieve a file
     */
    async retrieveFileRaw(requestParameters: FilesApiRetrieveFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<runtime.ApiResponse<OpenAIFile>> {
        const requestOptions = await this.retrieveFileRequestOpts(requestParameters);
        const response = await this.request(requestOptions, initOverrides);

        return new runtime.JSONApiResponse(response);
    }

    /**
     * Returns information about a file owned by the calling API key (the admin token sees every key\'s).
     * Retrieve a file
     */
    async retrieveFile(requestParameters: FilesApiRetrieveFileRequest, initOverrides?: RequestInit | runtime.InitOverrideFunction): Promise<OpenAIFile> {
        const response = await this.retrieveFileRaw(requestParameters, initOverrides);
        return await response.value();
    }

}

/**
 * @export
 */
export const CreateFilePurposeEnum = {
    Batch: 'batch',
} as const;
export type CreateFilePurposeEnum = typeof CreateFilePurposeEnum[keyof typeof CreateFilePurposeEnum];
/**
 * @export
 */
export const ListFilesPurposeEnum = {
    Batch: 'batch',
    BatchOutput: 'batch_output',
} as const;
export type ListFilesPurposeEnum = typeof ListFilesPurposeEnum[keyof typeof ListFilesPurposeEnum];
/**
 * @export
 */
export const ListFilesOrderEnum = {
    Asc: 'asc',
    Desc: 'desc',
} as const;
export type ListFilesOrderEnum = typeof ListFilesOrderEnum[keyof typeof ListFilesOrderEnum];
