package ai.novai.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/** Failed requests counted by reason, from many threads at once. */
final class Failures {

    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    void add(String reason) {
        byReason.computeIfAbsent(reason, ignored -> new LongAdder()).increment();
    }

    void add(Throwable failure) {
        add(reason(failure));
    }

    /** The counts so far, by reason. */
    Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** A short, stable reason for an exception: its type and message, wrappers removed. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return "still running at the deadline (cancelled)";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + LoadGenerator.abbreviate(message));
    }
}
