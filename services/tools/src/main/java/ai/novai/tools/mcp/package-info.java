/**
 * MCP servers' tools, through the official MCP Java SDK's client: stdio processes the service starts and
 * supervises, and Streamable HTTP endpoints.
 */
package ai.novai.tools.mcp;
