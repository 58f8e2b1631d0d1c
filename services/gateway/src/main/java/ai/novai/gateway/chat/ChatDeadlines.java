package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;

/**
 * How long a chat completion may take, end to end, before the gateway gives up (504): the gRPC deadline
 * it sets on the inference call. {@code novai.chat.deadline} for every model, overridden per model by
 * {@code novai.chat.model-deadlines}, a list of {@code {model, deadline}}.
 */
public final class ChatDeadlines {

    private final Duration standard;
    private final Map<String, Duration> perModel;

    private ChatDeadlines(Duration standard, Map<String, Duration> perModel) {
        this.standard = standard;
        this.perModel = Map.copyOf(perModel);
    }

    /** The deadlines the {@code novai.chat} node sets. */
    public static ChatDeadlines from(Config chat) {
        Map<String, Duration> perModel = new HashMap<>();
        chat.get("model-deadlines").asNodeList().orElse(java.util.List.of()).forEach(node -> perModel.put(
                node.get("model").asString().orElseThrow(() -> new IllegalStateException(
                        "novai.chat.model-deadlines entries need a model")),
                node.get("deadline").as(Duration.class).orElseThrow(() -> new IllegalStateException(
                        "novai.chat.model-deadlines entries need a deadline"))));
        return new ChatDeadlines(chat.get("deadline").as(Duration.class).orElse(Duration.ofMinutes(5)), perModel);
    }

    /** The deadline of a call to the model. */
    public Duration of(String model) {
        return perModel.getOrDefault(model, standard);
    }
}
