/**
 * The inference service: chat completions over gRPC, served by provider adapters.
 */
package ai.novai.inference;
