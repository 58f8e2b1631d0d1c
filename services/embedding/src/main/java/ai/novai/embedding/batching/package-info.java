/**
 * Micro-batching: concurrent calls for one local model share one model call, because a batch of 32 costs
 * far less than 32 single calls; a bounded queue keeps memory flat and refuses work it cannot take soon.
 */
package ai.novai.embedding.batching;
