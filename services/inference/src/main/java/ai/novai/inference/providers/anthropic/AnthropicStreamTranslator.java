package ai.novai.inference.providers.anthropic;


import ai.novai.inference.providers.ChunkEmitter;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.SseReader;
import ai.novai.proto.inference.v1.FinishReason;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the server-sent events of one Messages API stream into NovAI chunks. One instance per stream: it
 * holds what the events leave implicit.
 * <ul>
 *     <li>The message id arrives once, in {@code message_start}; every chunk carries it.</li>
 *     <li>Anthropic numbers content blocks (text and tool use together), while OpenAI numbers tool calls
 *     among themselves: block index → tool call index (0, 1, ...) is remembered from
 *     {@code content_block_start} for the {@code input_json_delta} fragments that follow.</li>
 *     <li>Usage comes in parts: input (and cache) tokens in {@code message_start}, output tokens
 *     (cumulative) in {@code message_delta}; the sum goes out in a last chunk without choices at
 *     {@code message_stop}.</li>
 *     <li>The first delta sent carries the assistant role. Nothing is sent before the first piece of
 *     output, so that an upstream failing right after {@code message_start} can still be retried.</li>
 * </ul>
 */
final class AnthropicStreamTranslator implements StreamTranslation {

    private final String providerName;
    private final ChunkEmitter emitter;
    private int inputTokens;
    private int cacheReadTokens;
    private int cacheCreationTokens;
    private int outputTokens;
    private boolean stopped;

    AnthropicStreamTranslator(ProviderCall call, ChunkSink sink, String providerName) {
        this.providerName = providerName;
        this.emitter = new ChunkEmitter(call, sink);
    }

    /**
     * Takes the next event.
     *
     * @return true once the stream is complete ({@code message_stop}); later events are not expected
     * @throws UpstreamFailure STREAM_BROKEN for an {@code error} event, SERVER_ERROR for malformed data
     */
    @Override
    public boolean accept(SseReader.Event event) {
        JsonNode data = UpstreamJson.parse(event.data(), providerName);
        String type = data.path("type").asText(event.event());
        switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> throw new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, providerName
                    + " broke off the stream: " + data.path("error").path("type").asText("error") + ": "
                    + data.path("error").path("message").asText("no message"));
            default -> {
                // ping, content_block_stop, and event types added to the API later carry nothing to pass on
            }
        }
        return stopped;
    }

    private void messageStart(JsonNode message) {
        emitter.id(message.path("id").asText(""));
        countUsage(message.path("usage"));
    }

    private void blockStart(int blockIndex, JsonNode block) {
        switch (block.path("type").asText()) {
            case "text" -> emitter.text(0, block.path("text").asText(""));
            // the input arrives in input_json_delta fragments; the block's own input is always empty
            case "tool_use" -> emitter.toolCallStart(blockIndex, block.path("id").asText(), block.path("name").asText());
            default -> {
                // thinking and server tool blocks are not part of an OpenAI answer
            }
        }
    }

    private void blockDelta(int blockIndex, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> emitter.text(0, delta.path("text").asText(""));
            case "input_json_delta" -> emitter.toolCallArguments(blockIndex, delta.path("partial_json").asText(""));
            default -> {
                // thinking, signature and citation deltas are not part of an OpenAI answer
            }
        }
    }

    private void messageDelta(JsonNode event) {
        countUsage(event.path("usage"));
        String stopReason = event.path("delta").path("stop_reason").asText("");
        if (!stopReason.isEmpty()) {
            emitter.finish(0, AnthropicResponseReader.finishReason(stopReason));
        }
    }

    private void messageStop() {
        emitter.finish(0, FinishReason.FINISH_REASON_STOP);
        emitter.usage(AnthropicResponseReader.usage(inputTokens, cacheReadTokens, cacheCreationTokens, outputTokens));
        stopped = true;
    }

    // Counts are cumulative: a later event's figure replaces an earlier one; absent figures keep theirs.
    private void countUsage(JsonNode usage) {
        inputTokens = count(usage, "input_tokens", inputTokens);
        cacheReadTokens = count(usage, "cache_read_input_tokens", cacheReadTokens);
        cacheCreationTokens = count(usage, "cache_creation_input_tokens", cacheCreationTokens);
        outputTokens = count(usage, "output_tokens", outputTokens);
    }

    private static int count(JsonNode usage, String field, int current) {
        JsonNode value = usage.path(field);
        return value.isNumber() ? value.asInt() : current;
    }

    @Override
    public String endMarker() {
        return "message_stop";
    }
}
