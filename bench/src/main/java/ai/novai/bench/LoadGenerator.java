package ai.novai.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The load generator: the JDK's {@link HttpClient} over HTTP/1.1 (one connection per request in flight,
 * kept alive and reused), its callbacks and the workers on virtual threads. One client for every target,
 * so direct and through-NovAI numbers carry the same client cost.
 * <p>
 * Steps are closed loops: {@code concurrency} workers each send a request, wait for the answer and send
 * the next, for a warm-up and then a measurement window; only requests started inside the window count
 * in a step's result. {@link #succeeded(Target)} counts every success of a target, e.g. to hold against
 * the rows NovAI billed.
 * Every loop is bounded in time (the window, per-request timeouts) and in count.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Longest a single request of a step may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Upper bound of requests per worker and step; far above what a step can do in its window. */
    private static final long MAX_REQUESTS_PER_WORKER = 10_000_000;

    private static final LongConsumer IGNORE_SUCCESSES = nanoTime -> {
    };

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
    private final Map<Target, LongAdder> succeeded = new ConcurrentHashMap<>();

    /** Called when a step's measurement window opens and closes, e.g. to meter CPU over exactly it. */
    public interface Window {
        /** Nothing to do at either edge. */
        Window NONE = new Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        /** A window that runs {@code opened} and {@code closed} at its edges. */
        static Window of(Runnable opened, Runnable closed) {
            return new Window() {
                @Override
                public void opened() {
                    opened.run();
                }

                @Override
                public void closed() {
                    closed.run();
                }
            };
        }

        void opened();

        void closed();
    }

    /** Non-streamed requests of one body; latency is until the whole answer is in. */
    public StepResult requests(Target target, byte[] body, int concurrency, Duration warmup, Duration measure,
                               Window window) {
        return requests(target, List.of(body), concurrency, warmup, measure, window);
    }

    /**
     * Non-streamed requests of one body without a warm-up, telling {@code successes} the {@link System#nanoTime()}
     * at which each one succeeded, e.g. to count them second by second.
     */
    public StepResult requests(Target target, byte[] body, int concurrency, Duration measure, LongConsumer successes) {
        return requests(target, List.of(body), concurrency, Duration.ZERO, measure, Window.NONE, successes);
    }

    /**
     * Non-streamed requests whose bodies take turns, one after the other across all workers, so that
     * concurrent requests carry different bodies (e.g. different sentences to embed); latency is until the
     * whole answer is in.
     */
    public StepResult requests(Target target, List<byte[]> bodies, int concurrency, Duration warmup,
                               Duration measure, Window window) {
        return requests(target, bodies, concurrency, warmup, measure, window, IGNORE_SUCCESSES);
    }

    private StepResult requests(Target target, List<byte[]> bodies, int concurrency, Duration warmup,
                                Duration measure, Window window, LongConsumer successes) {
        List<HttpRequest> requests = bodies.stream().map(body -> target.request(body, REQUEST_TIMEOUT)).toList();
        AtomicLong turn = new AtomicLong();
        return closedLoop(target, concurrency, warmup, measure, window, successes, start -> {
            HttpRequest request = requests.size() == 1 ? requests.getFirst()
                    : requests.get((int) (turn.getAndIncrement() % requests.size()));
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long end = System.nanoTime();
            if (response.statusCode() != 200) {
                throw new StepFailure("HTTP " + response.statusCode() + " "
                                              + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
            }
            return end - start;
        });
    }

    /** Streamed completions, each read to its end; latency is the time to the first data event. */
    public StepResult streams(Target target, byte[] body, int concurrency, Duration warmup, Duration measure,
                              Window window) {
        HttpRequest request = target.request(body, REQUEST_TIMEOUT);
        return closedLoop(target, concurrency, warmup, measure, window, IGNORE_SUCCESSES, start -> {
            SseEvents events = new SseEvents();
            CompletableFuture<HttpResponse<Void>> call =
                    client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(events));
            HttpResponse<Void> response;
            try {
                response = call.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                throw new StepFailure("stream not finished within " + REQUEST_TIMEOUT.toSeconds() + " s");
            }
            String problem = events.problem(response.statusCode()).orElse(null);
            if (problem != null) {
                throw new StepFailure(problem);
            }
            return events.firstDataNanos() - start;
        });
    }

    /**
     * Requests and streams to {@code target} that succeeded in this generator's closed-loop steps so far:
     * warm-ups, step warm-ups and requests that straddle a window's edge included.
     */
    public long succeeded(Target target) {
        LongAdder count = succeeded.get(target);
        return count == null ? 0 : count.sum();
    }

    /** Holds many slow streams open at once; see {@link StreamHold}. */
    public StreamHold.Result hold(Target target, byte[] body, int streams, Duration ramp, Duration deadline) {
        return StreamHold.run(client, target.request(body, Duration.ofSeconds(60)), streams, ramp, deadline);
    }

    /** One request of a closed loop: returns the latency sample, throws when the request failed. */
    @FunctionalInterface
    private interface Exchange {
        long perform(long startNanos) throws Exception;
    }

    private StepResult closedLoop(Target target, int concurrency, Duration warmup, Duration measure, Window window,
                                  LongConsumer measuredSuccesses, Exchange exchange) {
        LongAdder successes = succeeded.computeIfAbsent(target, any -> new LongAdder());
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long until = measureFrom + measure.toNanos();
        Failures failures = new Failures();
        List<LatencyStats.Recorder> recorders = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            LatencyStats.Recorder recorder = new LatencyStats.Recorder();
            recorders.add(recorder);
            workers.add(Thread.ofVirtual().name("load-", i).start(
                    () -> work(exchange, measureFrom, until, recorder, failures, successes, measuredSuccesses)));
        }
        sleepUntil(measureFrom);
        window.opened();
        sleepUntil(until);
        window.closed();
        joinAll(workers, REQUEST_TIMEOUT.plusSeconds(5));
        LatencyStats latency = LatencyStats.merge(recorders);
        return new StepResult(concurrency, latency.count(), failures.snapshot(), measure, latency);
    }

    private static void work(Exchange exchange, long measureFrom, long until, LatencyStats.Recorder recorder,
                             Failures failures, LongAdder successes, LongConsumer measuredSuccesses) {
        for (long sent = 0; sent < MAX_REQUESTS_PER_WORKER; sent++) {
            long start = System.nanoTime();
            if (start - until >= 0 || Thread.currentThread().isInterrupted()) {
                return;
            }
            boolean counted = start - measureFrom >= 0;
            try {
                long sample = exchange.perform(start);
                successes.increment();
                if (counted) {
                    recorder.record(sample);
                    measuredSuccesses.accept(System.nanoTime());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (counted) {
                    failures.add(e instanceof StepFailure ? e.getMessage() : Failures.reason(e));
                }
                // a target that fails fast must not turn the loop into a busy spin
                sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void joinAll(List<Thread> threads, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.forEach(Thread::interrupt);
                return;
            }
        }
    }

    /** The first 160 characters of a text on one line, for failure reasons. */
    static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    /** Aborts whatever is still in flight (nothing, after a step) and stops, within seconds. */
    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
        try {
            client.awaitTermination(Duration.ofSeconds(5));
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request that completed but does not count as a success. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
