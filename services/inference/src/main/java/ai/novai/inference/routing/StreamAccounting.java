package ai.novai.inference.routing;

import java.util.Optional;

import ai.novai.common.tokens.RunningTokenCount;
import ai.novai.common.tokens.TokenCounter;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;

/**
 * Sits between a provider's stream and the caller: knows whether any output went out (after which
 * nothing may be retried), and makes sure the stream ends with usage. Provider usage is authoritative;
 * when a provider reports none, the tokens are counted here, as the output passes. A stream that ends
 * without its usage (stopped, failed) after its request reached a provider still has usage to report:
 * {@link #unreportedUsage()}.
 */
final class StreamAccounting implements ChunkSink {

    private final ChunkSink downstream;
    private final ChatRequest request;
    private final RunningTokenCount produced = new RunningTokenCount();
    private ChatCompletionChunk last;
    private boolean sentOutput;
    private boolean sentUsage;
    // attempts whose provider may have served the request (and charged for its prompt)
    private int servingAttempts;

    StreamAccounting(ChunkSink downstream, ChatRequest request) {
        this.downstream = downstream;
        this.request = request;
    }

    @Override
    public void accept(ChatCompletionChunk chunk) {
        for (ChunkChoice choice : chunk.getChoicesList()) {
            produced.add(choice.getDelta().getContent());
            produced.add(choice.getDelta().getRefusal());
            for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                produced.add(call.getFunctionName());
                produced.add(call.getArgumentsFragment());
            }
        }
        sentUsage |= chunk.hasUsage();
        sentOutput = true;
        last = chunk;
        downstream.accept(chunk);
    }

    /** A provider is being sent the request: its prompt is billable from now on. */
    void providerCalled() {
        servingAttempts++;
    }

    /** The provider of the last attempt answered an error status or was not reached: it served nothing. */
    void providerServedNothing() {
        servingAttempts--;
    }

    /** Whether anything reached the caller. */
    boolean sentOutput() {
        return sentOutput;
    }

    /** Ends the stream: adds a usage chunk counted here when the provider sent none. */
    void finish() {
        if (sentUsage || last == null) {
            return;
        }
        downstream.accept(last.toBuilder().clearChoices().setUsage(counted()).build());
        sentUsage = true;
    }

    /** What a provider was asked and produced but no usage chunk reported (the stream ended early). */
    Optional<Usage> unreportedUsage() {
        return servingAttempts > 0 && !sentUsage ? Optional.of(counted()) : Optional.empty();
    }

    private Usage counted() {
        int prompt = TokenCounter.estimatePrompt(request);
        int completion = produced.total();
        return Usage.newBuilder()
                .setPromptTokens(prompt)
                .setCompletionTokens(completion)
                .setTotalTokens(prompt + completion)
                .build();
    }
}
