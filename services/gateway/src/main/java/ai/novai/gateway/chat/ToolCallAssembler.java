package ai.novai.gateway.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.novai.gateway.tools.ToolExecutor;
import ai.novai.proto.inference.v1.FunctionCall;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;

/**
 * The tool calls of a streamed round, put together from their deltas (id and name first, then fragments of the
 * arguments). Bounded: one call more than a round runs is kept (so the model hears that some were not run), and arguments beyond the executor's limit stop growing
 * (the executor refuses them, so the model learns).
 */
final class ToolCallAssembler {

    private static final int MAX_CALLS = ToolRounds.MAX_CALLS_PER_ROUND + 1;

    private final Map<Integer, Parts> calls = new TreeMap<>();

    private static final class Parts {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();
    }

    void add(ToolCallDelta delta) {
        Parts parts = calls.get(delta.getIndex());
        if (parts == null) {
            if (calls.size() >= MAX_CALLS) {
                return;
            }
            parts = new Parts();
            calls.put(delta.getIndex(), parts);
        }
        if (delta.hasId() && parts.id.isEmpty()) {
            parts.id = delta.getId();
        }
        if (delta.hasFunctionName()) {
            parts.name = parts.name + delta.getFunctionName();
        }
        if (parts.arguments.length() <= ToolExecutor.MAX_ARGUMENT_CHARS) {
            parts.arguments.append(delta.getArgumentsFragment());
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    List<ToolCall> calls() {
        List<ToolCall> assembled = new ArrayList<>();
        calls.values().forEach(parts -> assembled.add(ToolCall.newBuilder()
                .setId(parts.id)
                .setFunction(FunctionCall.newBuilder().setName(parts.name).setArguments(parts.arguments.toString()))
                .build()));
        return assembled;
    }
}
