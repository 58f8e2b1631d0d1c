/**
 * NovAI's TypeScript SDK. `NovAI` and the errors are written by hand; the API types (`./generated`) are
 * generated from openapi/spec.yaml by openapi-generator (typescript-fetch).
 */
export { NovAI, VERSION } from './client.js';
export type { ClientOptions, RequestOptions, ResponseInfo, WithResponse, ChatCompletionCreateParams,
  UsageRetrieveParams, KeyListParams } from './client.js';
export { Stream, sseEvents } from './streaming.js';
export type { SseEvent } from './streaming.js';
export * from './errors.js';
export type * from './generated/models/index.js';
export { NovAI as default } from './client.js';
