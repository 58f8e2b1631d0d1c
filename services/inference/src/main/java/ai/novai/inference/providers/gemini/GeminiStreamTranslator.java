package ai.novai.inference.providers.gemini;

import ai.novai.inference.providers.ChunkEmitter;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.Usage;
import ai.novai.upstream.SseReader;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamJson;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the events of one {@code streamGenerateContent?alt=sse} stream into NovAI chunks. Each event is a
 * partial {@code GenerateContentResponse}; Gemini has no end-of-stream event, so the stream is complete when
 * every requested candidate reported its {@code finishReason} (or the prompt was blocked), and a body that ends
 * before that was cut short.
 * <ul>
 *     <li>Text parts become content deltas; a {@code functionCall} part arrives whole and becomes one tool-call
 *     delta with the call's id, name and all its arguments, numbered per candidate (0, 1, ...).</li>
 *     <li>{@code usageMetadata} is cumulative: the last one goes out in a chunk of its own at the end.</li>
 *     <li>The first delta of each candidate carries the assistant role; id and created stay those of the first
 *     event, as OpenAI keeps them.</li>
 * </ul>
 */
final class GeminiStreamTranslator implements StreamTranslation {

    private final String providerName;
    private final int candidates;
    private final ChunkEmitter emitter;
    private boolean started;
    private Usage usage;

    GeminiStreamTranslator(ProviderCall call, ChunkSink sink, String providerName) {
        this.providerName = providerName;
        this.candidates = call.request().hasN() ? Math.max(1, call.request().getN()) : 1;
        this.emitter = new ChunkEmitter(call, sink);
    }

    @Override
    public boolean accept(SseReader.Event event) {
        JsonNode response = UpstreamJson.parse(event.data(), providerName);
        if (response.has("error")) {
            JsonNode error = response.get("error");
            throw new UpstreamFailure(UpstreamFailure.Kind.STREAM_BROKEN, providerName + " broke off the stream: "
                    + error.path("status").asText("error") + ": " + error.path("message").asText("no message"));
        }
        if (!started) {
            started = true;
            emitter.id(GeminiResponseReader.id(response));
        }
        if (response.has("usageMetadata")) {
            usage = GeminiResponseReader.usage(response.get("usageMetadata"));
        }
        JsonNode list = response.path("candidates");
        if (list.isEmpty() && response.path("promptFeedback").hasNonNull("blockReason")) {
            for (int index = 0; index < candidates; index++) {
                emitter.finish(index, FinishReason.FINISH_REASON_CONTENT_FILTER);
            }
        }
        int position = 0;
        for (JsonNode candidate : list) {
            candidate(candidate, candidate.path("index").asInt(position++));
        }
        if (emitter.finishedChoices() < candidates) {
            return false;
        }
        if (usage != null) {
            emitter.usage(usage);
        }
        return true;
    }

    private void candidate(JsonNode candidate, int index) {
        if (index < 0 || index >= candidates) {
            throw new UpstreamFailure(UpstreamFailure.Kind.SERVER_ERROR, providerName + " sent candidate " + index
                    + " of a request for " + candidates);
        }
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (GeminiResponseReader.isAnswerText(part)) {
                emitter.text(index, part.get("text").asText());
            } else if (part.has("functionCall")) {
                ToolCall call = GeminiResponseReader.toolCall(part.get("functionCall"));
                emitter.toolCall(index, call.getId(), call.getFunction().getName(), call.getFunction().getArguments());
            }
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
            emitter.finish(index, GeminiResponseReader.finishReason(reason, emitter.calledTools(index)));
        }
    }

    @Override
    public String endMarker() {
        return "a finishReason for every candidate";
    }
}
