/**
 * The public contract, {@code openapi/spec.yaml}, as the gateway serves it at {@code /openapi}.
 */
package ai.novai.gateway.openapi;
