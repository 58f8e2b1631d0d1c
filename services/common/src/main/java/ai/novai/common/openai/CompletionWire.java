package ai.novai.common.openai;

import java.time.Instant;
import java.util.Optional;

import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.FinishReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.text;

/**
 * A whole {@code chat.completion}: its identity, its choices (message, log probabilities, finish reason) and
 * usage. Written as OpenAI writes it; read leniently where OpenAI-compatible servers differ without changing the
 * meaning (missing ids, indexes, {@code created}), strictly where the answer would otherwise be wrong: a
 * completion without choices is malformed, not an empty answer.
 */
public final class CompletionWire {

    private CompletionWire() {
    }

    /** The completion as OpenAI writes it. */
    public static ObjectNode write(ChatCompletion completion) {
        ObjectNode json = WireJson.object();
        json.put("id", completion.getId());
        json.put("object", "chat.completion");
        json.put("created", completion.getCreated());
        json.put("model", completion.getModel());
        if (!completion.getSystemFingerprint().isEmpty()) {
            json.put("system_fingerprint", completion.getSystemFingerprint());
        }
        ArrayNode choices = json.putArray("choices");
        for (Choice choice : completion.getChoicesList()) {
            ObjectNode item = choices.addObject();
            item.put("index", choice.getIndex());
            item.set("message", MessagesWire.writeAnswer(choice.getMessage()));
            item.set("logprobs", LogprobsWire.write(choice.hasLogprobs() ? Optional.of(choice.getLogprobs())
                                                            : Optional.empty()));
            item.put("finish_reason", FinishReasons.write(choice.getFinishReason()));
        }
        json.set("usage", UsageWire.write(completion.getUsage()));
        return json;
    }

    /**
     * An upstream's completion, without the model and provider (the reader's to set): a missing id is one of
     * {@code ids}, a missing {@code created} is now, a choice without a finish reason stopped.
     *
     * @throws OpenAiWireException when it has no choices or its log probabilities are malformed or too many
     */
    public static ChatCompletion read(JsonNode json, IdSource ids) {
        JsonNode choices = json.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw OpenAiWireException.invalidValue("choices", "a completion without choices.");
        }
        ChatCompletion.Builder completion = ChatCompletion.newBuilder()
                .setId(text(json.path("id")).orElseGet(ids::completion))
                .setCreated(created(json));
        text(json.path("system_fingerprint")).ifPresent(completion::setSystemFingerprint);
        LogprobsWire.Budget logprobs = LogprobsWire.Budget.answer();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode choice = choices.get(i);
            FinishReason finish = FinishReasons.read(choice.path("finish_reason"));
            Choice.Builder out = Choice.newBuilder()
                    .setIndex(choice.path("index").asInt(i))
                    .setMessage(MessagesWire.readAnswer(choice.path("message"), ids))
                    // a whole completion is over even if the server did not say why
                    .setFinishReason(finish == FinishReason.FINISH_REASON_UNSPECIFIED
                                             ? FinishReason.FINISH_REASON_STOP : finish);
            LogprobsWire.read(choice.path("logprobs"), "choices[" + i + "].logprobs", logprobs)
                    .ifPresent(out::setLogprobs);
            completion.addChoices(out);
        }
        UsageWire.read(json.path("usage")).ifPresent(completion::setUsage);
        return completion.build();
    }

    /** An upstream's {@code created}, or now when it has none. */
    public static long created(JsonNode json) {
        JsonNode created = json.path("created");
        return created.isNumber() ? created.asLong() : Instant.now().getEpochSecond();
    }
}
