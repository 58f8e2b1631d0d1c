/**
 * Which deployment serves a request: weights, retries, fallbacks and circuit breakers.
 */
package ai.novai.inference.routing;
