package ai.novai.inference.providers;

import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as providers that want strictly alternating turns take it (Anthropic, Gemini, Bedrock):
 * consecutive messages of one role merged into one turn, messages without any part left out (those providers
 * reject empty turns), and tool results at the start of their turn (Claude refuses text before them, and the
 * others read them best there).
 *
 * @param <P> a provider's content part (block)
 */
public final class Turns<P> {

    /** One turn: the provider's role and its parts, in order. */
    public record Turn<P>(String role, List<P> parts) {
    }

    private final List<Turn<P>> turns = new ArrayList<>();
    private final List<Integer> leading = new ArrayList<>();

    /** Adds the parts of one message to the conversation. */
    public void append(String role, List<P> parts) {
        if (!parts.isEmpty()) {
            turn(role).parts().addAll(parts);
        }
    }

    /** Adds a tool result: after the turn's earlier tool results, before its other parts. */
    public void appendToolResult(String role, P result) {
        Turn<P> turn = turn(role);
        int position = leading.getLast();
        turn.parts().add(position, result);
        leading.set(leading.size() - 1, position + 1);
    }

    /** The turns, in order. */
    public List<Turn<P>> list() {
        return turns;
    }

    private Turn<P> turn(String role) {
        if (turns.isEmpty() || !turns.getLast().role().equals(role)) {
            turns.add(new Turn<>(role, new ArrayList<>()));
            leading.add(0);
        }
        return turns.getLast();
    }
}
