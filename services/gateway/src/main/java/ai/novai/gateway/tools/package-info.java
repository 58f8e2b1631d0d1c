/**
 * Server-side tools: the catalogue of the tools service, which of its tools a key and a request may use, and
 * their execution (metered, traced and logged) for chat completions and the MCP endpoint.
 */
package ai.novai.gateway.tools;
