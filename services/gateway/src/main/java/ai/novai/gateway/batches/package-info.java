/**
 * Batches: OpenAI's file-based Batch API and the inline form, on one durable job engine in the database. Workers in
 * every gateway replica claim lines with {@code FOR UPDATE SKIP LOCKED} leases, run them through the same admission,
 * backends and billing as interactive requests, and commit each line's result together with its ledger row.
 */
package ai.novai.gateway.batches;
