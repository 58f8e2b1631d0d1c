/**
 * HTTP plumbing of the gateway: JSON bodies and request ids.
 */
package ai.novai.gateway.http;
