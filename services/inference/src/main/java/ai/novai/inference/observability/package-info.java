/**
 * Inference's observability: the GenAI client span and meters of every provider call, and what routing
 * did about failures (retries, fallbacks, circuit-breaker states).
 */
package ai.novai.inference.observability;
