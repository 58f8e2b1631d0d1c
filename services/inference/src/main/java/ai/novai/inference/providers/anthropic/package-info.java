/**
 * The adapter for Anthropic's Messages API ({@code POST /v1/messages}): OpenAI-style chat requests are
 * translated into Anthropic's shape (system prompt apart, content blocks, {@code tool_use} and
 * {@code tool_result} blocks, a required {@code max_tokens}), and Anthropic's messages and server-sent
 * events back into NovAI's completions and chunks.
 */
package ai.novai.inference.providers.anthropic;
