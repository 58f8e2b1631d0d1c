package ai.novai.inference.providers.gemini;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.StreamTranslation;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Role;
import ai.novai.proto.inference.v1.ToolCall;
import ai.novai.proto.inference.v1.ToolCallDelta;
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

    private final ChunkSink sink;
    private final String providerName;
    private final int candidates;
    private final ChatCompletionChunk.Builder template;
    private final Set<Integer> roleSent = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private final Map<Integer, Boolean> calledFunctions = new HashMap<>();
    private boolean started;
    private Usage usage;

    GeminiStreamTranslator(ProviderCall call, ChunkSink sink, String providerName) {
        this.sink = sink;
        this.providerName = providerName;
        this.candidates = call.request().hasN() ? Math.max(1, call.request().getN()) : 1;
        this.template = ChatCompletionChunk.newBuilder()
                .setCreated(Instant.now().getEpochSecond())
                .setModel(call.model().id())
                .setProvider(call.deployment().name());
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
            template.setId(GeminiResponseReader.id(response));
        }
        if (response.has("usageMetadata")) {
            usage = GeminiResponseReader.usage(response.get("usageMetadata"));
        }
        JsonNode list = response.path("candidates");
        if (list.isEmpty() && response.path("promptFeedback").hasNonNull("blockReason")) {
            for (int index = 0; index < candidates; index++) {
                finish(index, FinishReason.FINISH_REASON_CONTENT_FILTER);
            }
        }
        int position = 0;
        for (JsonNode candidate : list) {
            candidate(candidate, candidate.path("index").asInt(position++));
        }
        if (finished.size() < candidates) {
            return false;
        }
        if (usage != null) {
            sink.accept(template.clone().setUsage(usage).build());
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
                String text = part.get("text").asText();
                if (!text.isEmpty()) {
                    emit(index, Delta.newBuilder().setContent(text));
                }
            } else if (part.has("functionCall")) {
                ToolCall call = GeminiResponseReader.toolCall(part.get("functionCall"));
                int number = toolCalls.merge(index, 1, Integer::sum) - 1;
                calledFunctions.put(index, true);
                emit(index, Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder()
                                                                    .setIndex(number)
                                                                    .setId(call.getId())
                                                                    .setFunctionName(call.getFunction().getName())
                                                                    .setArgumentsFragment(call.getFunction().getArguments())));
            }
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty() && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
            finish(index, GeminiResponseReader.finishReason(reason, calledFunctions.getOrDefault(index, false)));
        }
    }

    private void finish(int index, FinishReason reason) {
        if (finished.add(index)) {
            sink.accept(template.clone().addChoices(ChunkChoice.newBuilder()
                                                            .setIndex(index)
                                                            .setDelta(withRole(index, Delta.newBuilder()))
                                                            .setFinishReason(reason)).build());
        }
    }

    private void emit(int index, Delta.Builder delta) {
        sink.accept(template.clone().addChoices(ChunkChoice.newBuilder().setIndex(index)
                                                        .setDelta(withRole(index, delta))).build());
    }

    private Delta withRole(int index, Delta.Builder delta) {
        if (roleSent.add(index)) {
            delta.setRole(Role.ROLE_ASSISTANT);
        }
        return delta.build();
    }

    @Override
    public String endMarker() {
        return "a finishReason for every candidate";
    }
}
