package ai.novai.inference.providers.anthropic;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.SseReader;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCallDelta;
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

    private final ChunkSink sink;
    private final String providerName;
    private final ChatCompletionChunk.Builder template;
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
    private int inputTokens;
    private int cacheReadTokens;
    private int cacheCreationTokens;
    private int outputTokens;
    private boolean roleSent;
    private boolean finishSent;
    private boolean stopped;

    AnthropicStreamTranslator(ProviderCall call, ChunkSink sink, String providerName) {
        this.sink = sink;
        this.providerName = providerName;
        this.template = ChatCompletionChunk.newBuilder()
                .setId(CompletionIds.completion())
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name());
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
        String id = message.path("id").asText("");
        if (!id.isEmpty()) {
            template.setId(id);
        }
        countUsage(message.path("usage"));
    }

    private void blockStart(int blockIndex, JsonNode block) {
        switch (block.path("type").asText()) {
            case "text" -> text(block.path("text").asText(""));
            case "tool_use" -> {
                int toolCall = toolCallByBlock.size();
                toolCallByBlock.put(blockIndex, toolCall);
                // the input arrives in input_json_delta fragments; the block's own input is always empty
                emit(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                             .setIndex(toolCall)
                                                             .setId(block.path("id").asText())
                                                             .setFunctionName(block.path("name").asText())
                                                             .setArgumentsFragment("")));
            }
            default -> {
                // thinking and server tool blocks are not part of an OpenAI answer
            }
        }
    }

    private void blockDelta(int blockIndex, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> text(delta.path("text").asText(""));
            case "input_json_delta" -> {
                Integer toolCall = toolCallByBlock.get(blockIndex);
                if (toolCall == null) {
                    throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName
                            + " sent tool input for content block " + blockIndex + ", which is not a tool_use block");
                }
                String fragment = delta.path("partial_json").asText("");
                if (!fragment.isEmpty()) {
                    emit(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                                 .setIndex(toolCall)
                                                                 .setArgumentsFragment(fragment)));
                }
            }
            default -> {
                // thinking, signature and citation deltas are not part of an OpenAI answer
            }
        }
    }

    private void text(String text) {
        if (!text.isEmpty()) {
            emit(Delta.newBuilder().setContent(text));
        }
    }

    private void messageDelta(JsonNode event) {
        countUsage(event.path("usage"));
        String stopReason = event.path("delta").path("stop_reason").asText("");
        if (!stopReason.isEmpty() && !finishSent) {
            finish(AnthropicResponseReader.finishReason(stopReason));
        }
    }

    private void messageStop() {
        if (!finishSent) {
            finish(FinishReason.FINISH_REASON_STOP);
        }
        sink.accept(template.clone()
                            .setUsage(AnthropicResponseReader.usage(inputTokens, cacheReadTokens,
                                                                    cacheCreationTokens, outputTokens))
                            .build());
        stopped = true;
    }

    private void finish(FinishReason reason) {
        finishSent = true;
        sink.accept(template.clone().addChoices(ChunkChoice.newBuilder()
                                                        .setIndex(0)
                                                        .setDelta(withRole(Delta.newBuilder()))
                                                        .setFinishReason(reason)).build());
    }

    private void emit(Delta.Builder delta) {
        sink.accept(template.clone().addChoices(ChunkChoice.newBuilder().setIndex(0).setDelta(withRole(delta)))
                            .build());
    }

    private Delta withRole(Delta.Builder delta) {
        if (!roleSent) {
            roleSent = true;
            delta.setRole(Role.ROLE_ASSISTANT);
        }
        return delta.build();
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
