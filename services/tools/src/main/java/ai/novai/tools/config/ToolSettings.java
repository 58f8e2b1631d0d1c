package ai.novai.tools.config;

/**
 * The limits of one tool's executions, from the registry's {@code tools.defaults} or a tool's (or MCP
 * server's) own {@code timeout-ms} and {@code max-output-bytes}.
 *
 * @param timeoutMs      wall-clock limit of one execution
 * @param maxOutputBytes output longer than this (UTF-8) is cut and marked truncated
 */
public record ToolSettings(long timeoutMs, long maxOutputBytes) {

    /** The most either limit may be set to: an hour, and 16 MiB (a gRPC response must carry the output). */
    public static final long MAX_TIMEOUT_MS = 3_600_000;
    /** The most output one execution may return. */
    public static final long MAX_OUTPUT_BYTES = 16L * 1024 * 1024;

    /** Checks the ranges. */
    public ToolSettings {
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("timeout-ms must be between 1 and " + MAX_TIMEOUT_MS
                                                       + ", was " + timeoutMs);
        }
        if (maxOutputBytes < 1 || maxOutputBytes > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("max-output-bytes must be between 1 and " + MAX_OUTPUT_BYTES
                                                       + ", was " + maxOutputBytes);
        }
    }
}
