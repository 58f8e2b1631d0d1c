package ai.novai.bench;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAI chat completions wire format as the fake upstream writes it: a {@code chat.completion}
 * object, and the {@code chat.completion.chunk} events of a stream (role first, content, finish reason,
 * then usage when asked, then {@code [DONE]}). Small fixed answers, so the fake upstream costs as little
 * as possible and the benchmark measures the gateway, not JSON generation.
 */
final class OpenAiWire {

    /** Tokens the fake "model" charges per content chunk, and for the prompt. */
    static final int TOKENS_PER_CHUNK = 1;
    static final int PROMPT_TOKENS = 24;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    private static final long CREATED = 1767225600L;
    private static final String FILLER = "the quick brown fox jumps over the lazy dog ";

    private OpenAiWire() {
    }

    /** A whole non-streamed answer. */
    static byte[] completion(String model) {
        return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":" + CREATED
                + ",\"model\":" + quoted(model) + ",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Latency is the time between asking and"
                + " knowing.\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + usage(10) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The first event of a stream: the role, with empty content, as OpenAI sends it. */
    static byte[] roleChunk(String model) {
        return event(chunk(model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
    }

    /** One content event. */
    static byte[] contentChunk(String model, int index) {
        return contentChunk(model, index, 0);
    }

    /** One content event whose content is {@code contentBytes} long (plain words), or a short token for 0. */
    static byte[] contentChunk(String model, int index, int contentBytes) {
        String content = "token" + index + " ";
        if (contentBytes > content.length()) {
            StringBuilder text = new StringBuilder(contentBytes).append(content);
            while (text.length() < contentBytes) {
                text.append(FILLER, 0, Math.min(FILLER.length(), contentBytes - text.length()));
            }
            content = text.toString();
        }
        return event(chunk(model, "{\"content\":\"" + content + "\"}", "null"));
    }

    /** The event that ends the choice. */
    static byte[] finishChunk(String model) {
        return event(chunk(model, "{}", "\"stop\""));
    }

    /** The extra last event of {@code stream_options.include_usage}: no choices, only usage. */
    static byte[] usageChunk(String model, int contentChunks) {
        return event("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                             + ",\"model\":" + quoted(model) + ",\"choices\":[]," + usage(contentChunks * TOKENS_PER_CHUNK)
                             + "}");
    }

    /** The end of every stream. */
    static byte[] done() {
        return DONE.clone();
    }

    /** OpenAI's error body. */
    static byte[] error(String message) {
        return ("{\"error\":{\"message\":" + quoted(message)
                + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String chunk(String model, String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                + ",\"model\":" + quoted(model) + ",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    private static String usage(int completionTokens) {
        return "\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (PROMPT_TOKENS + completionTokens) + "}";
    }

    private static byte[] event(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }
}
