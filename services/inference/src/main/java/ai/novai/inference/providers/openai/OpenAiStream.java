package ai.novai.inference.providers.openai;

import java.util.Optional;

import ai.novai.common.openai.CompletionWire;
import ai.novai.common.openai.UsageWire;
import ai.novai.common.openai.WireFields;
import ai.novai.upstream.UpstreamJson;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.CompletionIds;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.SseReader;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One upstream stream, relayed chunk by chunk. {@code data: [DONE]} is the only normal end: a body that
 * stops before it was cut short, and must never pass for a complete answer. Usage is held back and sent
 * once, in a chunk of its own after the last choice, because servers differ on where they put it (OpenAI:
 * a last chunk without choices; others: the chunk with the finish reason, or every chunk) while NovAI's
 * contract has exactly one usage chunk, at the end.
 */
final class OpenAiStream implements StreamTranslation {

    private static final String DONE = "[DONE]";

    private final ProviderCall call;
    private final ChunkSink sink;
    private final String providerName;
    private ChatCompletionChunk template;
    private Usage usage;

    OpenAiStream(ProviderCall call, ChunkSink sink) {
        this.call = call;
        this.sink = sink;
        this.providerName = call.provider().name();
    }

    @Override
    public boolean accept(SseReader.Event event) {
        String data = event.data().strip();
        if (data.equals(DONE)) {
            finish();
            return true;
        }
        if (event.event().equals("error")) {
            throw broken(errorText(data));
        }
        if (data.isEmpty()) {
            return false;
        }
        JsonNode json = UpstreamJson.parse(data, providerName);
        if (json.hasNonNull("error")) {
            throw broken(OpenAiResponseReader.errorMessage(json.get("error")));
        }
        OpenAiResponseReader.chunk(json, template(json), providerName).ifPresent(sink::accept);
        UsageWire.read(json.path("usage")).ifPresent(reported -> usage = reported);
        return false;
    }

    // Id and created stay those of the stream's first chunk, as OpenAI keeps them.
    private ChatCompletionChunk template(JsonNode json) {
        if (template == null) {
            template = ChatCompletionChunk.newBuilder()
                    .setId(WireFields.text(json.path("id")).orElseGet(CompletionIds::completion))
                    .setCreated(CompletionWire.created(json))
                    .setModel(call.model().id())
                    .setProvider(call.deployment().name())
                    .build();
        }
        Optional<String> fingerprint = WireFields.text(json.path("system_fingerprint"));
        if (fingerprint.isPresent() && !fingerprint.get().equals(template.getSystemFingerprint())) {
            template = template.toBuilder().setSystemFingerprint(fingerprint.get()).build();
        }
        return template;
    }

    private void finish() {
        if (usage != null) {
            ChatCompletionChunk last = template != null ? template : template(UpstreamJson.MAPPER.createObjectNode());
            sink.accept(last.toBuilder().setUsage(usage).build());
        }
    }

    private static String errorText(String data) {
        try {
            JsonNode json = UpstreamJson.MAPPER.readTree(data);
            return OpenAiResponseReader.errorMessage(json.has("error") ? json.get("error") : json);
        } catch (JsonProcessingException e) {
            return data;
        }
    }

    private UpstreamFailure broken(String message) {
        return new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, providerName + "'s stream broke: " + message);
    }

    @Override
    public String endMarker() {
        return DONE;
    }
}
