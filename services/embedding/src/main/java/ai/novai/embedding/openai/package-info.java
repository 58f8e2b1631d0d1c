/**
 * The adapter for upstreams that speak OpenAI's embeddings API ({@code POST {base-url}/embeddings}):
 * OpenAI, Azure OpenAI and the OpenAI-compatible servers.
 */
package ai.novai.embedding.openai;
