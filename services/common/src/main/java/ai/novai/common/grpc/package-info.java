/**
 * The error model shared by every NovAI gRPC service and the gateway that calls them.
 */
package ai.novai.common.grpc;
