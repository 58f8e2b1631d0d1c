/**
 * The adapter for OpenAI's Chat Completions wire format, which OpenAI, Azure OpenAI and most self-hosted and
 * hosted open-model servers (vLLM, Ollama, llama.cpp, Groq, Together, DeepSeek, Mistral) all speak.
 */
package ai.novai.inference.providers.openai;
