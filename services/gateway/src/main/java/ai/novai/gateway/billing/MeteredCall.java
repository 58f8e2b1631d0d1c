package ai.novai.gateway.billing;

import java.util.OptionalLong;

/**
 * What a model-calling request asks for, as metering sees it.
 *
 * @param endpoint        {@code chat.completions} or {@code embeddings}
 * @param model           the model the client named
 * @param promptTokens    estimated prompt tokens, counted when needed
 * @param maxOutputTokens the client's output cap, if it set one
 * @param producesOutput  whether the endpoint produces output tokens (chat) or not (embeddings)
 * @param stream          whether the answer is streamed
 */
public record MeteredCall(String endpoint, String model, PromptTokens promptTokens, OptionalLong maxOutputTokens,
                          boolean producesOutput, boolean stream) {
}
