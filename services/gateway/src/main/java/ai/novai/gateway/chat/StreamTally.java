package ai.novai.gateway.chat;

import java.util.Optional;

import ai.novai.common.tokens.TokenCounter;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ToolCallDelta;

/**
 * What a relayed stream has produced, for its bill: the usage the backend reports at the end, or, when
 * the stream ends early (client gone, failure), the tokens of the output relayed so far, counted here.
 */
final class StreamTally {

    private final MeteredRequest metered;
    private final StringBuilder output = new StringBuilder();
    private boolean produced;
    private String model = "";
    private String provider = "";
    private ai.novai.proto.inference.v1.Usage usage;

    StreamTally(MeteredRequest metered) {
        this.metered = metered;
    }

    void add(ChatCompletionChunk chunk) {
        if (!chunk.getModel().isEmpty()) {
            model = chunk.getModel();
        }
        if (!chunk.getProvider().isEmpty()) {
            provider = chunk.getProvider();
        }
        if (chunk.hasUsage()) {
            usage = chunk.getUsage();
        }
        for (ChunkChoice choice : chunk.getChoicesList()) {
            if (choice.getDelta().hasContent()) {
                output.append(choice.getDelta().getContent());
                markOutput();
            }
            if (choice.getDelta().hasRefusal()) {
                output.append(choice.getDelta().getRefusal());
                markOutput();
            }
            for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                output.append(call.getFunctionName()).append(call.getArgumentsFragment());
                markOutput();
            }
        }
    }

    private void markOutput() {
        produced = true;
        metered.firstToken();
    }

    /** Whether any output reached the stream. */
    boolean producedOutput() {
        return produced;
    }

    /** Bills the stream: with the backend's usage when it came, else with what was relayed. */
    void bill(String status) {
        if (usage != null) {
            metered.bill(model, provider(), usage.getPromptTokens(), usage.getCompletionTokens(), status);
        } else {
            metered.bill(model, provider(), metered.estimatedPromptTokens(), TokenCounter.count(output.toString()),
                         status);
        }
    }

    private Optional<String> provider() {
        return ChatCompletionsService.provider(provider);
    }
}
