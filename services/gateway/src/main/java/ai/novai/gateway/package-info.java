/**
 * The NovAI gateway: the public OpenAI-compatible API.
 */
package ai.novai.gateway;
