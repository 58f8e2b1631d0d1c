/**
 * The gateway's observability: the HTTP server span and request histogram of every exchange, and the
 * GenAI meters only the gateway can record (token usage by key tier, time to first token as clients see
 * it, open streams).
 */
package ai.novai.gateway.observability;
