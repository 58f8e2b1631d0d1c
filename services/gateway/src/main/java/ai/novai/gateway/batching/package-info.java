/**
 * Work handed off the request path and done in batches by one background thread.
 */
package ai.novai.gateway.batching;
