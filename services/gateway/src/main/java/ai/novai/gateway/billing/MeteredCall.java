package ai.novai.gateway.billing;

import java.util.OptionalLong;

import ai.novai.common.tokens.TokenCounter;
import ai.novai.proto.inference.v1.ChatRequest;

/**
 * What a model-calling request asks for, as metering sees it.
 *
 * @param endpoint        {@code chat.completions} or {@code embeddings}
 * @param model           the model the client named
 * @param promptTokens    estimated prompt tokens, counted when needed
 * @param maxOutputTokens the client's output cap per choice, if it set one
 * @param producesOutput  whether the endpoint produces output tokens (chat) or not (embeddings)
 * @param stream          whether the answer is streamed
 * @param choices         how many choices the answer has ({@code n}): each may produce up to the output cap
 */
public record MeteredCall(String endpoint, String model, PromptTokens promptTokens, OptionalLong maxOutputTokens,
                          boolean producesOutput, boolean stream, int choices) {

    /** A call answered with one choice. */
    public MeteredCall(String endpoint, String model, PromptTokens promptTokens, OptionalLong maxOutputTokens,
                       boolean producesOutput, boolean stream) {
        this(endpoint, model, promptTokens, maxOutputTokens, producesOutput, stream, 1);
    }

    /**
     * A chat completion: its prompt estimated when needed, its {@code max_tokens} and {@code n}.
     *
     * @param endpoint the ledger's name of the endpoint
     * @param chat     the request
     * @param stream   whether the answer is streamed
     */
    public static MeteredCall chat(String endpoint, ChatRequest chat, boolean stream) {
        return new MeteredCall(endpoint, chat.getModel(), new PromptTokens(() -> TokenCounter.estimatePrompt(chat)),
                               chat.hasMaxTokens() ? OptionalLong.of(chat.getMaxTokens()) : OptionalLong.empty(), true,
                               stream, chat.hasN() ? Math.max(1, chat.getN()) : 1);
    }
}
