package ai.novai.bench;

import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Reads one server-sent chat stream line by line as it arrives (it is the line subscriber of the HTTP
 * client): the instant of the first {@code data:} event (time to first token as a client sees it), whether
 * an error event came, and whether the stream ended with {@code data: [DONE]}. Comments (NovAI's
 * keep-alives) are not events and are skipped.
 */
final class SseEvents implements Flow.Subscriber<String> {

    private static final String DATA = "data:";

    private final Runnable onOpen;
    private volatile boolean opened;
    private volatile long firstDataNanos;
    private volatile boolean done;
    private volatile String errorEvent;

    /** @param onOpen called once the response headers are in and the body starts */
    SseEvents(Runnable onOpen) {
        this.onOpen = onOpen;
    }

    SseEvents() {
        this(() -> { });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        opened = true;
        onOpen.run();
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (!line.startsWith(DATA)) {
            return;
        }
        if (firstDataNanos == 0) {
            firstDataNanos = System.nanoTime();
        }
        String data = line.substring(DATA.length()).strip();
        if (data.equals("[DONE]")) {
            done = true;
        } else if (data.startsWith("{\"error\"") && errorEvent == null) {
            errorEvent = data;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the HTTP client fails the response future with it; that is where failures are counted
    }

    @Override
    public void onComplete() {
        // likewise: completion is seen through the response future
    }

    /** Whether the body started, i.e. the stream was open at some point. */
    boolean opened() {
        return opened;
    }

    /** {@link System#nanoTime()} when the first data event arrived; 0 if none did. */
    long firstDataNanos() {
        return firstDataNanos;
    }

    /** Why the finished stream does not count as a success; empty when it does. */
    Optional<String> problem(int status) {
        if (status != 200) {
            return Optional.of("HTTP " + status);
        }
        if (errorEvent != null) {
            return Optional.of("error event " + LoadGenerator.abbreviate(errorEvent));
        }
        if (!done) {
            return Optional.of("stream ended without [DONE]");
        }
        return Optional.empty();
    }
}
