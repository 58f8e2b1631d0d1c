package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.novai.common.config.InvalidSettingException;
import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;

/**
 * How long a chat completion may take, end to end, before the gateway gives up (504): the gRPC deadline
 * it sets on the inference call. {@code novai.chat.deadline} for every model, overridden per model by
 * {@code novai.chat.model-deadlines}, a list of {@code {model, deadline}}.
 *
 * @param standard the deadline of models without their own
 * @param perModel the deadlines of the models that have their own
 */
public record ChatDeadlines(Duration standard, Map<String, Duration> perModel) {

    /** The deadline of models without their own. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

    public ChatDeadlines {
        perModel = Map.copyOf(perModel);
    }

    /** The deadlines the {@code novai.chat} node sets. */
    public static ChatDeadlines from(Config chat) {
        Map<String, Duration> perModel = new HashMap<>();
        for (Config entry : chat.get("model-deadlines").asNodeList().orElse(List.of())) {
            SettingsNode node = SettingsNode.of(entry);
            String model = node.optionalString("model").orElseThrow(() -> new InvalidSettingException(
                    node.key("model"), "is required: the model this deadline is for"));
            if (!entry.get("deadline").exists()) {
                throw new InvalidSettingException(node.key("deadline"), "is required: the deadline of " + model);
            }
            perModel.put(model, node.positiveDuration("deadline", DEFAULT_DEADLINE));
        }
        return new ChatDeadlines(SettingsNode.of(chat).positiveDuration("deadline", DEFAULT_DEADLINE), perModel);
    }

    /** The deadline of a call to the model. */
    public Duration of(String model) {
        return perModel.getOrDefault(model, standard);
    }
}
