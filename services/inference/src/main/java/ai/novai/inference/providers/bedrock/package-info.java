/**
 * The adapter for AWS Bedrock's Converse API ({@code POST /model/{modelId}/converse} and {@code converse-stream}):
 * OpenAI-style chat requests are translated into Converse's shape (system prompt apart, content blocks,
 * {@code toolUse} and {@code toolResult} blocks, {@code inferenceConfig}, {@code toolConfig}) and signed with AWS
 * Signature Version 4; Converse's answers, and its streams in AWS event-stream framing, are read back into NovAI's
 * completions and chunks.
 */
package ai.novai.inference.providers.bedrock;
