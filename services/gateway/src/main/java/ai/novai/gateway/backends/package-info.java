/**
 * The gateway's side of the gRPC contracts: channels to the backends and the gRPC-to-HTTP error table.
 */
package ai.novai.gateway.backends;
