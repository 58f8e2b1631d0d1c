package ai.novai.common.openai;

import ai.novai.proto.inference.v1.FinishReason;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code choices[].finish_reason}: OpenAI's names for why a choice ended, both ways. */
public final class FinishReasons {

    private FinishReasons() {
    }

    /** OpenAI's name; a choice that ended without a known reason stopped. */
    public static String write(FinishReason reason) {
        return switch (reason) {
            case FINISH_REASON_LENGTH -> "length";
            case FINISH_REASON_TOOL_CALLS -> "tool_calls";
            case FINISH_REASON_CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * An upstream's reason: unspecified when it gave none (null, missing, blank); reasons of a server's own (e.g.
     * {@code eos}) all mean the choice ended; the legacy {@code function_call} is a tool call.
     */
    public static FinishReason read(JsonNode reason) {
        if (!reason.isTextual() || reason.asText().isBlank()) {
            return FinishReason.FINISH_REASON_UNSPECIFIED;
        }
        return switch (reason.asText()) {
            case "length" -> FinishReason.FINISH_REASON_LENGTH;
            case "tool_calls", "function_call" -> FinishReason.FINISH_REASON_TOOL_CALLS;
            case "content_filter" -> FinishReason.FINISH_REASON_CONTENT_FILTER;
            default -> FinishReason.FINISH_REASON_STOP;
        };
    }
}
