package ai.novai.gateway.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

/**
 * The tool executions of one request, left in its context for the request log
 * ({@code tools=novai__current_time:ok:3ms,...}). At most {@value #MAX_ENTRIES} are listed, then a count.
 */
public final class ToolLog {

    private static final String CONTEXT_KEY = "novai.tool-log";
    private static final int MAX_ENTRIES = 32;

    private final List<String> entries = new ArrayList<>();
    private int omitted;

    private ToolLog() {
    }

    // static: the executions of one round run in parallel, and the first one registers the log
    static synchronized void add(ServerRequest request, String tool, String outcome, Duration took) {
        ToolLog log = request.context().get(CONTEXT_KEY, ToolLog.class).orElseGet(() -> {
            ToolLog created = new ToolLog();
            request.context().register(CONTEXT_KEY, created);
            return created;
        });
        log.append(tool + ":" + outcome + ":" + took.toMillis() + "ms");
    }

    private synchronized void append(String entry) {
        if (entries.size() < MAX_ENTRIES) {
            entries.add(entry);
        } else {
            omitted++;
        }
    }

    /** The request's executions as one log value, if it ran any. */
    public static Optional<String> of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, ToolLog.class).map(ToolLog::text);
    }

    private synchronized String text() {
        return String.join(",", entries) + (omitted > 0 ? ",+" + omitted : "");
    }
}
