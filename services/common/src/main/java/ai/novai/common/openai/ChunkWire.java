package ai.novai.common.openai;

import java.util.Optional;

import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChoiceLogprobs;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.Delta;
import ai.novai.proto.inference.v1.FinishReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.text;

/**
 * A {@code chat.completion.chunk} of a stream: its identity, its choices' deltas (role, content, refusal, tool
 * call fragments), log probabilities and finish reasons, and usage.
 */
public final class ChunkWire {

    private ChunkWire() {
    }

    /**
     * The chunk as OpenAI writes it.
     *
     * @param includeUsage whether the client asked for usage: then every chunk has the key, {@code null} but on the
     *                     last one, as OpenAI writes it; otherwise none has it
     */
    public static ObjectNode write(ChatCompletionChunk chunk, boolean includeUsage) {
        ObjectNode json = WireJson.object();
        json.put("id", chunk.getId());
        json.put("object", "chat.completion.chunk");
        json.put("created", chunk.getCreated());
        json.put("model", chunk.getModel());
        if (!chunk.getSystemFingerprint().isEmpty()) {
            json.put("system_fingerprint", chunk.getSystemFingerprint());
        }
        ArrayNode choices = json.putArray("choices");
        for (ChunkChoice choice : chunk.getChoicesList()) {
            ObjectNode item = choices.addObject();
            item.put("index", choice.getIndex());
            item.set("delta", delta(choice.getDelta()));
            item.set("logprobs", LogprobsWire.write(choice.hasLogprobs() ? Optional.of(choice.getLogprobs())
                                                            : Optional.empty()));
            if (choice.getFinishReason() == FinishReason.FINISH_REASON_UNSPECIFIED) {
                item.putNull("finish_reason");
            } else {
                item.put("finish_reason", FinishReasons.write(choice.getFinishReason()));
            }
        }
        if (includeUsage) {
            if (chunk.hasUsage()) {
                json.set("usage", UsageWire.write(chunk.getUsage()));
            } else {
                json.putNull("usage");
            }
        }
        return json;
    }

    private static ObjectNode delta(Delta delta) {
        ObjectNode json = WireJson.object();
        if (delta.hasRole()) {
            json.put("role", "assistant");
        }
        if (delta.hasContent()) {
            json.put("content", delta.getContent());
        }
        if (delta.hasRefusal()) {
            json.put("refusal", delta.getRefusal());
        }
        ToolCallsWire.writeDeltas(delta.getToolCallsList(), json);
        return json;
    }

    /**
     * An upstream chunk's choices onto {@code template} (the stream's identity, the reader's to keep), each reduced
     * to what it carries; a choice that carries nothing (no role, text, tool call, log probabilities or finish
     * reason) is left out. Usage is not read here: servers differ on where they put it ({@link UsageWire#read}).
     *
     * @return the chunk, or empty when none of its choices carries anything
     * @throws OpenAiWireException when its log probabilities are malformed or too many
     */
    public static Optional<ChatCompletionChunk> read(JsonNode json, ChatCompletionChunk template, IdSource ids) {
        ChatCompletionChunk.Builder chunk = template.toBuilder();
        JsonNode choices = json.path("choices");
        LogprobsWire.Budget logprobs = LogprobsWire.Budget.chunk();
        for (int i = 0; i < choices.size(); i++) {
            choice(choices.get(i), i, logprobs, ids).ifPresent(chunk::addChoices);
        }
        return chunk.getChoicesCount() == 0 ? Optional.empty() : Optional.of(chunk.build());
    }

    private static Optional<ChunkChoice> choice(JsonNode choice, int position, LogprobsWire.Budget budget,
                                                IdSource ids) {
        JsonNode delta = choice.path("delta");
        Delta.Builder out = Delta.newBuilder();
        MessagesWire.readRole(delta.path("role")).ifPresent(out::setRole);
        text(delta.path("content")).ifPresent(out::setContent);
        text(delta.path("refusal")).ifPresent(out::setRefusal);
        out.addAllToolCalls(ToolCallsWire.readDeltas(delta, ids));
        FinishReason finish = FinishReasons.read(choice.path("finish_reason"));
        Optional<ChoiceLogprobs> logprobs = LogprobsWire.read(choice.path("logprobs"),
                                                              "choices[" + position + "].logprobs", budget);
        boolean empty = !out.hasRole() && !out.hasContent() && !out.hasRefusal() && out.getToolCallsCount() == 0;
        if (empty && finish == FinishReason.FINISH_REASON_UNSPECIFIED && logprobs.isEmpty()) {
            return Optional.empty();
        }
        ChunkChoice.Builder result = ChunkChoice.newBuilder()
                .setIndex(choice.path("index").asInt(position))
                .setDelta(out)
                .setFinishReason(finish);
        logprobs.ifPresent(result::setLogprobs);
        return Optional.of(result.build());
    }
}
