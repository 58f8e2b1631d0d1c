/**
 * The model catalogue: {@code /v1/models}, gathered from the backends over gRPC.
 */
package ai.novai.gateway.models;
