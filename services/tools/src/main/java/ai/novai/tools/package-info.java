/**
 * The tools service: server-side tools (built-ins and MCP servers' tools) for the gateway over gRPC.
 */
package ai.novai.tools;
