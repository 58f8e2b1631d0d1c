package ai.novai.inference.providers;

import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as providers that want strictly alternating turns take it (Anthropic, Gemini, Bedrock):
 * consecutive messages of one role merged into one turn, and messages without any part left out, as those
 * providers reject empty turns.
 *
 * @param <P> a provider's content part (block)
 */
public final class Turns<P> {

    /** One turn: the provider's role and its parts, in order. */
    public record Turn<P>(String role, List<P> parts) {
    }

    private final List<Turn<P>> turns = new ArrayList<>();

    /** Adds the parts of one message to the conversation. */
    public void append(String role, List<P> parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            turns.getLast().parts().addAll(parts);
        } else {
            turns.add(new Turn<>(role, new ArrayList<>(parts)));
        }
    }

    /** The turns, in order. */
    public List<Turn<P>> list() {
        return turns;
    }
}
