/**
 * {@code /v1/embeddings}: validation, the gRPC call to the embedding service, OpenAI's answer format.
 */
package ai.novai.gateway.embeddings;
