package ai.novai.gateway.chat;

import java.util.Optional;

import ai.novai.common.tokens.RunningTokenCount;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;

/**
 * What a relayed stream has produced, for its bill: the usage the backend reports at the end, or, when
 * the stream ends early (client gone, failure), the tokens of the output relayed so far, counted here as it
 * passes (a stream's text is not kept).
 */
final class StreamTally {

    private final MeteredRequest metered;
    private final RunningTokenCount output = new RunningTokenCount();
    private boolean produced;
    private String model = "";
    private String provider = "";
    private Usage usage;

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
                output.add(choice.getDelta().getContent());
                markOutput();
            }
            if (choice.getDelta().hasRefusal()) {
                output.add(choice.getDelta().getRefusal());
                markOutput();
            }
            for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                output.add(call.getFunctionName());
                output.add(call.getArgumentsFragment());
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
    void bill(LedgerStatus status) {
        bill(status, Optional.empty());
    }

    /**
     * Bills a stream that ended early: with its usage chunk when it came, else with what inference reported it
     * used (what its provider produced, relayed or not), else with what was relayed here.
     */
    void bill(LedgerStatus status, Optional<Usage> unreportedUsage) {
        Usage known = usage != null ? usage : unreportedUsage.orElse(null);
        if (known != null) {
            metered.bill(model, provider(), known.getPromptTokens(), known.getCompletionTokens(), status);
        } else {
            metered.bill(model, provider(), metered.estimatedPromptTokens(), output.total(), status);
        }
    }

    private Optional<String> provider() {
        return ChatCompletionsService.provider(provider);
    }
}
