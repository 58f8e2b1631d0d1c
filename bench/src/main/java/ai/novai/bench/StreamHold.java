package ai.novai.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many slow streams open at the same time: {@code streams} requests started evenly over {@code ramp} (so
 * the target sees a steady stream of new connections rather than one burst its accept queue would drop),
 * each read to its end without a thread of its own (the HTTP client pushes lines to an {@link SseEvents}).
 * A stream succeeds with HTTP 200, no error event and {@code [DONE]}; anything else, including still being
 * open at the deadline (it is then cancelled), is a failure with its reason.
 */
public final class StreamHold {

    private StreamHold() {
    }

    /**
     * What happened.
     *
     * @param requested streams asked for
     * @param started   streams actually sent before the deadline
     * @param succeeded streams that ended well
     * @param failures  failed streams by reason
     * @param peakOpen  most streams open (headers in, end not yet) at the same time
     * @param firstEvent time to the first event of the successful streams
     * @param duration  time to {@code [DONE]} of the successful streams: beyond the upstream's pace, it shows
     *                  how late the events came when thousands of streams shared the machine
     * @param elapsed   from the first request to the last stream's end
     */
    public record Result(int requested, int started, long succeeded, Map<String, Long> failures, int peakOpen,
                         LatencyStats firstEvent, LatencyStats duration, Duration elapsed) {

        /** A hold that did not run. */
        public static Result none(int requested) {
            return new Result(requested, 0, 0, Map.of(), 0, LatencyStats.empty(), LatencyStats.empty(),
                              Duration.ZERO);
        }

        /** Whether it ran at all. */
        public boolean ran() {
            return started > 0;
        }

        /** Failed streams, plus those never started. */
        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum() + (requested - started);
        }
    }

    static Result run(HttpClient client, HttpRequest request, int streams, Duration ramp, Duration deadline) {
        long begin = System.nanoTime();
        long end = begin + deadline.toNanos();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        LongAdder succeeded = new LongAdder();
        Failures failures = new Failures();
        LatencyStats.Recorder firstEvents = new LatencyStats.Recorder();
        LatencyStats.Recorder durations = new LatencyStats.Recorder();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>(streams);
        List<CompletableFuture<?>> outcomes = new ArrayList<>(streams);

        for (int i = 0; i < streams; i++) {
            long due = begin + ramp.toNanos() * i / streams;
            if (!parkUntil(due) || System.nanoTime() - end >= 0) {
                break;
            }
            SseEvents events = new SseEvents(() -> peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max));
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<Void>> call =
                    client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(events));
            outcomes.add(call.whenComplete((response, failure) -> {
                if (events.opened()) {
                    open.decrementAndGet();
                }
                if (failure != null) {
                    failures.add(failure);
                } else {
                    events.problem(response.statusCode()).ifPresentOrElse(failures::add, () -> {
                        succeeded.increment();
                        // callbacks run on many threads; the recorders are not thread-safe by design
                        synchronized (durations) {
                            firstEvents.record(events.firstDataNanos() - sent);
                            durations.record(System.nanoTime() - sent);
                        }
                    });
                }
            }));
            calls.add(call);
        }

        awaitAll(calls, outcomes, end);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        synchronized (durations) {
            return new Result(streams, calls.size(), succeeded.sum(), failures.snapshot(), peakOpen.get(),
                              LatencyStats.merge(List.of(firstEvents)), LatencyStats.merge(List.of(durations)),
                              elapsed);
        }
    }

    // Waits for every stream's outcome until the deadline, then cancels the streams still open: cancelling
    // completes them at once, and their outcome (a failure) is counted before cancel() returns.
    private static void awaitAll(List<CompletableFuture<HttpResponse<Void>>> calls, List<CompletableFuture<?>> outcomes,
                                 long end) {
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // every stream has ended; the failed ones were counted by their own callbacks
        } catch (TimeoutException e) {
            calls.forEach(call -> call.cancel(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.forEach(call -> call.cancel(true));
        }
    }

    private static boolean parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
