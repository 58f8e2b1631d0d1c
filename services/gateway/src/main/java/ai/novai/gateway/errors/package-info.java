/**
 * OpenAI-shaped errors: every failure the gateway answers is {@code {"error":{"message","type","param","code"}}}.
 */
package ai.novai.gateway.errors;
