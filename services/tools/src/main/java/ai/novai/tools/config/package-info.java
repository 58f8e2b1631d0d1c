/**
 * The registry's {@code tools} section: built-ins, MCP servers and their limits, read strictly at start-up.
 */
package ai.novai.tools.config;
