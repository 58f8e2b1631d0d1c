package ai.novai.inference.providers.bedrock;


import ai.novai.inference.providers.ChunkEmitter;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.EventStreamTranslation;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.upstream.EventStreamReader;
import ai.novai.upstream.UpstreamException;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRejection;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the event-stream messages of one {@code converse-stream} answer into NovAI chunks. One instance per stream:
 * it holds what the events leave implicit.
 * <ul>
 *     <li>Converse gives the answer no id: NovAI makes one, carried by every chunk.</li>
 *     <li>Converse numbers content blocks (text and tool use together), while OpenAI numbers tool calls among
 *     themselves: block index → tool call index (0, 1, ...) is remembered from {@code contentBlockStart} for the
 *     {@code toolUse.input} fragments that follow.</li>
 *     <li>{@code messageStop} carries the stop reason; the {@code metadata} event after it carries the usage and
 *     ends a normal stream, with a last chunk without choices.</li>
 *     <li>The first delta sent carries the assistant role. Nothing is sent before the first piece of output, so
 *     that an upstream failing right after {@code messageStart} can still be retried.</li>
 *     <li>A message of type {@code exception} ends the stream by its {@code :exception-type}:
 *     {@code throttlingException} is a rate limit, {@code validationException} a rejection of the request, the
 *     others (model stream errors, internal or unavailable service) a broken stream.</li>
 * </ul>
 */
final class BedrockStreamTranslator implements EventStreamTranslation {

    private final String providerName;
    private final ChunkEmitter emitter;
    private boolean stopped;

    BedrockStreamTranslator(ProviderCall call, ChunkSink sink, String providerName) {
        this.providerName = providerName;
        this.emitter = new ChunkEmitter(call, sink);
    }

    /**
     * Takes the next message.
     *
     * @return true once the stream is complete ({@code metadata}); later messages are not expected
     * @throws UpstreamException for an exception message, SERVER_ERROR for a malformed event
     */
    @Override
    public boolean accept(EventStreamReader.Message message) {
        String messageType = message.header(":message-type").orElse("event");
        if (!messageType.equals("event")) {
            throw exception(message, messageType);
        }
        JsonNode event = UpstreamJson.parse(message.payload(), providerName);
        switch (message.header(":event-type").orElse("")) {
            case "contentBlockStart" -> blockStart(event.path("contentBlockIndex").asInt(), event.path("start"));
            case "contentBlockDelta" -> blockDelta(event.path("contentBlockIndex").asInt(), event.path("delta"));
            case "messageStop" -> emitter.finish(0, BedrockResponseReader.finishReason(event.path("stopReason").asText("")));
            case "metadata" -> metadata(event);
            default -> {
                // messageStart (the role, always assistant), contentBlockStop, and events added to the API later
            }
        }
        return stopped;
    }

    private UpstreamException exception(EventStreamReader.Message message, String messageType) {
        String type = message.header(":exception-type").or(() -> message.header(":error-code")).orElse(messageType);
        String text = message.header(":error-message")
                .orElseGet(() -> messageText(message));
        String what = providerName + " broke off the stream: " + type + ": " + text;
        return switch (type) {
            case "throttlingException" -> new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, what);
            case "validationException" -> new UpstreamRejection(text, null);
            default -> new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, what);
        };
    }

    // An exception's payload is {"message": "..."}; anything else is quoted as it came, cut short.
    private static String messageText(EventStreamReader.Message message) {
        String payload = message.payloadText();
        try {
            JsonNode json = UpstreamJson.MAPPER.readTree(payload);
            if (json != null && json.path("message").isTextual()) {
                return json.path("message").asText();
            }
        } catch (java.io.IOException e) {
            // not JSON: quoted as text below
        }
        return payload.length() > 500 ? payload.substring(0, 500) + "..." : payload;
    }

    private void blockStart(int blockIndex, JsonNode start) {
        JsonNode toolUse = start.path("toolUse");
        if (toolUse.isObject()) {
            emitter.toolCallStart(blockIndex, toolUse.path("toolUseId").asText(), toolUse.path("name").asText());
        }
    }

    private void blockDelta(int blockIndex, JsonNode delta) {
        if (delta.path("text").isTextual()) {
            emitter.text(0, delta.path("text").asText());
        } else if (delta.path("toolUse").isObject()) {
            emitter.toolCallArguments(blockIndex, delta.path("toolUse").path("input").asText(""));
        }
        // reasoning and citation deltas are not part of an OpenAI answer
    }

    private void metadata(JsonNode event) {
        emitter.finish(0, FinishReason.FINISH_REASON_STOP);
        emitter.usage(BedrockResponseReader.usage(event.path("usage")));
        stopped = true;
    }

    @Override
    public String endMarker() {
        return "metadata";
    }
}
