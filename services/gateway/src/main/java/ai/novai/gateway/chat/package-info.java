/**
 * {@code /v1/chat/completions}: validation, the gRPC call to inference, JSON and SSE answers.
 */
package ai.novai.gateway.chat;
