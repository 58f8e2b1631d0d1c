/**
 * The embedding service: vectors for batches of inputs over gRPC.
 */
package ai.novai.embedding;
