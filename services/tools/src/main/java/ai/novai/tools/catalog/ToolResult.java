package ai.novai.tools.catalog;

/**
 * What a tool answered: text for the model, and whether it reports a failure. Failures the model should
 * read (a refused URL, an unknown time zone, a server that is down) are results, not exceptions.
 *
 * @param output    the text, often JSON
 * @param isError   whether it reports a failure
 * @param truncated whether the tool already cut what it read (e.g. a long HTTP body)
 */
public record ToolResult(String output, boolean isError, boolean truncated) {

    /** A successful result. */
    public static ToolResult ok(String output) {
        return new ToolResult(output, false, false);
    }

    /** A failure the model can read. */
    public static ToolResult error(String message) {
        return new ToolResult(message, true, false);
    }
}
