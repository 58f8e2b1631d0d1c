package ai.novai.tools.execution;

/**
 * How an execution ended, the {@code outcome} label of the tool meters and the span's {@code error.type}.
 */
enum Outcome {
    /** The tool answered without error. */
    SUCCESS("success"),
    /** The tool answered an error result (its own failure, a refusal, a server down). */
    TOOL_ERROR("tool_error"),
    /** The time limit passed first. */
    TIMEOUT("timeout"),
    /** The arguments were refused before the tool ran. */
    INVALID_ARGUMENTS("invalid_arguments"),
    /** The caller went away first. */
    CANCELLED("cancelled");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The label value. */
    String label() {
        return label;
    }
}
