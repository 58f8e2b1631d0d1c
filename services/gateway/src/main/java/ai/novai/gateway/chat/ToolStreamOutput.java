package ai.novai.gateway.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.common.openai.ChunkWire;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;

/**
 * What the client of a streamed chat completion with server-side tools sees, across the model's rounds: the first
 * round's id, creation time and model on every chunk, the role once, the text of every round, and at the end the
 * client's own tool calls, one finish reason and (when asked for) the usage of all rounds.
 */
final class ToolStreamOutput {

    private final boolean includeUsage;
    private final Usage.Builder usage = Usage.newBuilder();
    private ChatCompletionChunk identity;
    private boolean roleSent;

    ToolStreamOutput(boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    // the first round's id, creation time and model name every chunk of the stream carries
    void identify(ChatCompletionChunk chunk) {
        if (identity == null) {
            identity = ChatCompletionChunk.newBuilder().setId(chunk.getId()).setCreated(chunk.getCreated())
                    .setModel(chunk.getModel()).setSystemFingerprint(chunk.getSystemFingerprint()).build();
        }
    }

    void addUsage(Usage round) {
        ToolRounds.addUsage(usage, round);
    }

    // the chunk's text (and its logprobs) for the client, without its tool calls and finish (those are decided at the
    // round's end)
    Optional<String> text(ChatCompletionChunk chunk) {
        if (chunk.getChoicesCount() == 0) {
            return Optional.empty();
        }
        ChunkChoice choice = chunk.getChoices(0);
        Delta delta = choice.getDelta();
        if (!delta.hasContent() && !delta.hasRefusal()) {
            return Optional.empty();
        }
        Delta.Builder text = Delta.newBuilder();
        if (delta.hasContent()) {
            text.setContent(delta.getContent());
        }
        if (delta.hasRefusal()) {
            text.setRefusal(delta.getRefusal());
        }
        ChunkChoice.Builder out = ChunkChoice.newBuilder().setIndex(0);
        if (choice.hasLogprobs()) {
            out.setLogprobs(choice.getLogprobs());
        }
        return Optional.of(json(out, text));
    }

    // the end of the stream: the client's calls, the finish reason, the usage if asked for
    List<String> end(List<ToolCall> clientCalls, FinishReason finish) {
        List<String> events = new ArrayList<>();
        if (!clientCalls.isEmpty()) {
            Delta.Builder delta = Delta.newBuilder();
            for (int i = 0; i < clientCalls.size(); i++) {
                ToolCall call = clientCalls.get(i);
                delta.addToolCalls(ToolCallDelta.newBuilder().setIndex(i).setId(call.getId())
                                           .setFunctionName(call.getFunction().getName())
                                           .setArgumentsFragment(call.getFunction().getArguments()));
            }
            events.add(json(delta));
        }
        if (!roleSent) {
            events.add(json(Delta.newBuilder()));
        }
        events.add(ChunkWire.write(identity.toBuilder().addChoices(ChunkChoice.newBuilder().setIndex(0)
                .setDelta(Delta.getDefaultInstance()).setFinishReason(finish)).build(), includeUsage).toString());
        if (includeUsage) {
            events.add(ChunkWire.write(identity.toBuilder().setUsage(usage).build(), true).toString());
        }
        return events;
    }

    private String json(Delta.Builder delta) {
        return json(ChunkChoice.newBuilder().setIndex(0), delta);
    }

    private String json(ChunkChoice.Builder choice, Delta.Builder delta) {
        if (!roleSent) {
            delta.setRole(Role.ROLE_ASSISTANT);
            roleSent = true;
        }
        return ChunkWire.write(identity.toBuilder().addChoices(choice.setDelta(delta)).build(), includeUsage).toString();
    }
}
