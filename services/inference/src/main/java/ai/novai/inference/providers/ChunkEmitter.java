package ai.novai.inference.providers;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCallDelta;
import ai.novai.proto.inference.v1.Usage;
import ai.novai.upstream.UpstreamFailure;

/**
 * What every stream translator from a non-OpenAI format sends, in NovAI's chunk shape: one id and creation time
 * for the whole stream, the assistant role on each choice's first delta, text deltas, tool calls numbered per
 * choice as OpenAI numbers them (0, 1, ...) whatever the provider numbers its content blocks, one finish reason
 * per choice, and the usage in a last chunk of its own.
 */
public final class ChunkEmitter {

    private final ChunkSink sink;
    private final String providerName;
    private final ChatCompletionChunk.Builder template;
    private final Set<Integer> roleSent = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Map<Integer, Integer> toolCallsByChoice = new HashMap<>();
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();

    public ChunkEmitter(ProviderCall call, ChunkSink sink) {
        this.sink = sink;
        this.providerName = call.provider().name();
        this.template = ChatCompletionChunk.newBuilder()
                .setId(CompletionIds.completion())
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name());
    }

    /** The provider's id of the completion, for every chunk from now on. */
    public void id(String id) {
        if (!id.isEmpty()) {
            template.setId(id);
        }
    }

    /** A text delta of a choice; empty text sends nothing. */
    public void text(int choice, String text) {
        if (!text.isEmpty()) {
            emit(choice, Delta.newBuilder().setContent(text));
        }
    }

    /** A whole tool call of a choice, arguments and all. */
    public void toolCall(int choice, String id, String name, String arguments) {
        emit(choice, Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                             .setIndex(nextToolCall(choice))
                                                             .setId(id)
                                                             .setFunctionName(name)
                                                             .setArgumentsFragment(arguments)));
    }

    /** The start of a tool call the provider streams as a content block (of choice 0), its arguments to follow. */
    public void toolCallStart(int block, String id, String name) {
        int toolCall = nextToolCall(0);
        toolCallByBlock.put(block, toolCall);
        emit(0, Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                        .setIndex(toolCall)
                                                        .setId(id)
                                                        .setFunctionName(name)
                                                        .setArgumentsFragment("")));
    }

    /**
     * A fragment of the arguments of the tool call a content block started.
     *
     * @throws UpstreamFailure SERVER_ERROR when the block started no tool call
     */
    public void toolCallArguments(int block, String fragment) {
        Integer toolCall = toolCallByBlock.get(block);
        if (toolCall == null) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName
                    + " sent tool input for content block " + block + ", which started no tool call");
        }
        if (!fragment.isEmpty()) {
            emit(0, Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                            .setIndex(toolCall)
                                                            .setArgumentsFragment(fragment)));
        }
    }

    /** Whether a choice called tools so far. */
    public boolean calledTools(int choice) {
        return toolCallsByChoice.containsKey(choice);
    }

    /** A choice's finish reason; a choice finishes once, later reasons are ignored. */
    public void finish(int choice, FinishReason reason) {
        if (finished.add(choice)) {
            sink.accept(template.clone().addChoices(ChunkChoice.newBuilder()
                                                            .setIndex(choice)
                                                            .setDelta(withRole(choice, Delta.newBuilder()))
                                                            .setFinishReason(reason)).build());
        }
    }

    /** How many choices finished. */
    public int finishedChoices() {
        return finished.size();
    }

    /** The usage, in a last chunk without choices. */
    public void usage(Usage usage) {
        sink.accept(template.clone().setUsage(usage).build());
    }

    private int nextToolCall(int choice) {
        return toolCallsByChoice.merge(choice, 1, Integer::sum) - 1;
    }

    private void emit(int choice, Delta.Builder delta) {
        sink.accept(template.clone().addChoices(ChunkChoice.newBuilder().setIndex(choice)
                                                        .setDelta(withRole(choice, delta))).build());
    }

    private Delta withRole(int choice, Delta.Builder delta) {
        if (roleSent.add(choice)) {
            delta.setRole(Role.ROLE_ASSISTANT);
        }
        return delta.build();
    }
}
