package ai.novai.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the embeddings phase embeds: a small fixed set of everyday sentences of 12 to 20 word pieces each
 * (the model's {@code [CLS]} and {@code [SEP]} included), the length of a search query or a chat message,
 * taken in turn. The in-process loops and the requests through NovAI use the same sentences in the same
 * rotation, so a batch pads to about the same width on both sides and their cost compares.
 */
final class Sentences {

    /** The model the gateway is asked for; the embedding service's built-in registry runs it locally. */
    static final String MODEL = "all-minilm-l6-v2";

    static final List<String> ALL = List.of(
            "Can you summarise the main points of yesterday's board meeting for me?",
            "Quarterly revenue grew by eight percent, mostly thanks to subscriptions in Europe.",
            "Please reset my password; the link in the last email has already expired.",
            "A kitten is sleeping on the warm windowsill in the afternoon sun.",
            "How do I set up a retry policy for failed payments?",
            "The train to Zurich leaves from platform seven at a quarter past nine.",
            "Our support team answers most tickets within four business hours.",
            "Embeddings map text to vectors so that similar meanings end up close together.",
            "Which laptop has the best battery life for developers who travel a lot?",
            "The new privacy policy takes effect on the first day of next month.",
            "Add two cups of flour and stir until the batter is smooth.",
            "Customers on the trial plan can invite up to five team members.",
            "The server crashed after the latest update to the logging library.",
            "What is the difference between a savings account and a deposit account?",
            "Heavy rain is expected across the northern region throughout the weekend.",
            "Return the package within thirty days to receive a full refund.");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sentences() {
    }

    /** The sentences {@code from} onwards, wrapping around, {@code count} of them. */
    static List<String> take(long from, int count) {
        List<String> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(ALL.get((int) ((from + i) % ALL.size())));
        }
        return taken;
    }

    /** One {@code POST /v1/embeddings} body per sentence: {@code {"model":..., "input":"<sentence>"}}. */
    static List<byte[]> requestBodies() {
        return ALL.stream().map(sentence -> {
            ObjectNode body = JSON.createObjectNode().put("model", MODEL).put("input", sentence);
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }).toList();
    }
}
