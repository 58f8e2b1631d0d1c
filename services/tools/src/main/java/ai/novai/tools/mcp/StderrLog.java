package ai.novai.tools.mcp;

import java.util.function.Consumer;

import ai.novai.common.telemetry.LogText;

/**
 * A stdio MCP server's stderr in the service's log: each line escaped and cut ({@link LogText}), and at most
 * {@value #LINES_PER_MINUTE} lines a minute, so a chatty or hostile server cannot flood the log.
 */
final class StderrLog implements Consumer<String> {

    static final int LINES_PER_MINUTE = 120;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final System.Logger LOGGER = System.getLogger(StderrLog.class.getName());

    private final String label;
    private long windowStart = System.nanoTime();
    private int lines;
    private int dropped;

    StderrLog(String label) {
        this.label = label;
    }

    @Override
    public synchronized void accept(String line) {
        long now = System.nanoTime();
        if (now - windowStart > MINUTE_NANOS) {
            if (dropped > 0) {
                LOGGER.log(System.Logger.Level.WARNING, "mcp " + label + " stderr: " + dropped + " lines not logged");
            }
            windowStart = now;
            lines = 0;
            dropped = 0;
        }
        if (lines++ < LINES_PER_MINUTE) {
            LOGGER.log(System.Logger.Level.INFO, "mcp " + label + " stderr: " + LogText.value(line));
        } else {
            dropped++;
        }
    }
}
