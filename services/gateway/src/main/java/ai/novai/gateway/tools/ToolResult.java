package ai.novai.gateway.tools;

/**
 * What one execution answered: the content of the {@code tool} message the model gets next.
 *
 * @param output    the result, or what went wrong
 * @param isError   whether the tool failed (the model reads the failure and may try otherwise)
 * @param truncated whether the output was cut at the tool's size limit
 * @param outcome   for metrics and the request log: {@code ok}, {@code error}, {@code invalid_arguments},
 *                  {@code timeout}, {@code unavailable}, {@code not_found}
 */
public record ToolResult(String output, boolean isError, boolean truncated, String outcome) {

    /** What the model (or MCP client) reads: the output, and a last line saying so when it was cut. */
    public String text() {
        return truncated ? output + "\n[output truncated]" : output;
    }

    static ToolResult failed(String outcome, String message) {
        return new ToolResult(message, true, false, outcome);
    }
}
