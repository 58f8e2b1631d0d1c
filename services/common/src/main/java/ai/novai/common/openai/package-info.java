/**
 * OpenAI's Chat Completions wire format, in one place for every service: each wire concept is one class that
 * reads and writes it side by side (messages, content parts, tool definitions, tool calls, response formats,
 * completions, chunks, log probabilities, usage, finish reasons), so that a new field is one edit. Requests are
 * read strictly (they come from clients: a problem is a {@link ai.novai.common.openai.OpenAiWireException} naming
 * the parameter) and written for upstreams; answers are written for clients and read leniently where
 * OpenAI-compatible servers differ from OpenAI without changing the meaning.
 */
package ai.novai.common.openai;
