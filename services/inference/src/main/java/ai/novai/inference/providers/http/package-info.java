/**
 * What the HTTP provider adapters share: the pooled client, error mapping and the SSE reader.
 */
package ai.novai.inference.providers.http;
