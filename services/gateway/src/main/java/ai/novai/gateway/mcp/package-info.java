/**
 * NovAI as an MCP server: {@code /mcp} speaks the Model Context Protocol (Streamable HTTP, stateless) to MCP clients,
 * offering each API key the server-side tools it may run. The protocol is the official MCP Java SDK's; this package
 * only carries its messages over Helidon ({@link ai.novai.gateway.mcp.HelidonStatelessTransport}) and binds its tool
 * calls to NovAI's keys, limits and tools service.
 */
package ai.novai.gateway.mcp;
