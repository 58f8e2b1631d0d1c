package ai.novai.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static ai.novai.bench.BenchMain.progress;

/**
 * The memory soak: mixed traffic through NovAI at a steady open-loop rate for a long time (30 minutes by
 * default), sampling each service's resident memory, to show whether memory stays flat after warm-up. The
 * mix is what a gateway meets in a day: non-streamed chat, streams read to the end, streams the client
 * abandons after the first event (a user pressing stop), slow readers that read a fast stream a few events
 * at a time and hang up, and embeddings. Every few minutes after the warm-up each service's heap is fully
 * collected ({@link LiveHeap}) and what is left recorded: resident memory also grows while a collector lets
 * garbage pile up towards the heap's maximum, the live heap only with a leak. Arrivals beyond
 * {@code bench.soak-in-flight} requests in flight are counted as skipped, never queued, so a NovAI that slows
 * down cannot make the soak grow its own memory.
 */
final class SoakPhase {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** How long the requests still in flight at the end may take to finish before they are abandoned. */
    private static final Duration FINISH = Duration.ofSeconds(90);

    /** What one arrival does, with its share of the arrivals. */
    enum Kind {
        CHAT(40), STREAM(25), CANCEL(10), SLOW_READER(10), EMBEDDING(15);

        private final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private final BenchSettings settings;
    private final NovaiProcesses novai;
    private final BooleanSupplier novaiAlive;
    private final SoakReport report;
    private final HttpClient client;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    SoakPhase(BenchSettings settings, NovaiProcesses novai, BooleanSupplier novaiAlive, SoakReport report) {
        this.settings = settings;
        this.novai = novai;
        this.novaiAlive = novaiAlive;
        this.report = report;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
    }

    void run() {
        BenchSettings.Soak soak = settings.soak();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("gateway", novai.gatewayService().pid());
        pids.put("inference", novai.inferenceService().pid());
        novai.embeddingService().ifPresent(service -> pids.put("embedding", service.pid()));
        List<Kind> kinds = novai.embeddingService().isPresent()
                ? List.of(Kind.values())
                : List.of(Kind.CHAT, Kind.STREAM, Kind.CANCEL, Kind.SLOW_READER);
        progress("soak: " + soak.rate() + " requests/s of " + kinds + " for " + soak.length().toMinutes()
                         + " min (the first " + soak.warmup().toMinutes() + " min are warm-up), RSS sampled every "
                         + soak.sample().toSeconds() + " s");
        report.started(pids.keySet(), soak);
        Semaphore inFlight = new Semaphore(soak.inFlight());
        long start = System.nanoTime();
        long end = start + soak.length().toNanos();
        long nextSample = start;
        long nextLiveHeap = start + soak.warmup().toNanos();
        long arrivals = 0;
        long intervalNanos = 1_000_000_000L / soak.rate();
        try {
            while (System.nanoTime() < end && novaiAlive.getAsBoolean()) {
                long now = System.nanoTime();
                if (now - nextSample >= 0) {
                    sample(pids, Duration.ofNanos(now - start));
                    nextSample += soak.sample().toNanos();
                }
                if (now - nextLiveHeap >= 0) {
                    Duration at = Duration.ofNanos(now - start);
                    executor.execute(() -> liveHeap(pids, at));
                    nextLiveHeap += soak.liveHeapEvery().toNanos();
                }
                Kind kind = pick(kinds);
                if (inFlight.tryAcquire()) {
                    executor.execute(() -> {
                        try {
                            report.outcome(kind, send(kind));
                        } finally {
                            inFlight.release();
                        }
                    });
                } else {
                    report.skipped(kind);
                }
                arrivals++;
                SlowReader.pauseUntil(start + arrivals * intervalNanos);
            }
            finish(inFlight, soak.inFlight());
            sample(pids, Duration.ofNanos(System.nanoTime() - start));
            liveHeap(pids, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            executor.shutdownNow();
            client.close();
        }
        progress("soak: done; " + report.summaryLine());
    }

    // Lets what is in flight end by itself, so that no request is counted as failed because the soak stopped.
    private static void finish(Semaphore inFlight, int permits) {
        try {
            if (!inFlight.tryAcquire(permits, FINISH.toSeconds(), TimeUnit.SECONDS)) {
                progress("soak: requests still in flight " + FINISH.toSeconds() + " s after the end; abandoned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(Map<String, Long> pids, Duration at) {
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> rss.put(name, ProcessStats.rssBytes(pid)));
        report.sample(at, rss);
        progress("soak " + at.toSeconds() + " s: RSS " + rss.entrySet().stream()
                .map(entry -> entry.getKey() + " " + (entry.getValue() >> 20) + " MiB").toList()
                         + "; " + report.summaryLine());
    }

    // Collects each service's heap fully and notes what is left: the live set, a leak's true measure.
    private void liveHeap(Map<String, Long> pids, Duration at) {
        Map<String, Long> live = new LinkedHashMap<>();
        pids.forEach((name, pid) -> LiveHeap.afterFullCollection(pid).ifPresent(bytes -> live.put(name, bytes)));
        if (live.size() == pids.size()) {
            report.liveHeap(at, live);
            progress("soak " + at.toSeconds() + " s: live heap after a full collection " + live.entrySet().stream()
                    .map(entry -> entry.getKey() + " " + (entry.getValue() >> 20) + " MiB").toList());
        } else {
            progress("soak " + at.toSeconds() + " s: the live heap could not be read with jcmd");
        }
    }

    private static Kind pick(List<Kind> kinds) {
        int total = kinds.stream().mapToInt(kind -> kind.weight).sum();
        int roll = ThreadLocalRandom.current().nextInt(total);
        for (Kind kind : kinds) {
            roll -= kind.weight;
            if (roll < 0) {
                return kind;
            }
        }
        return kinds.getLast();
    }

    /** Sends one request of a kind; the failure's reason, or empty when it went as it should. */
    private Optional<String> send(Kind kind) {
        try {
            return switch (kind) {
                case CHAT -> complete(novai.gateway("NovAI"), BenchPhases.body(NovaiProcesses.MODEL, false));
                case STREAM -> readStream(BenchPhases.body(NovaiProcesses.MODEL, true), Integer.MAX_VALUE);
                case CANCEL -> readStream(BenchPhases.body(NovaiProcesses.SLOW_MODEL, true), 1);
                case EMBEDDING -> complete(novai.embeddings("NovAI"), Sentences.requestBodies().getFirst());
                case SLOW_READER -> slowReader();
            };
        } catch (IOException e) {
            // the JDK client's IOExceptions often say nothing themselves; their cause does
            return Optional.of(Failures.reason(e.getMessage() == null && e.getCause() != null ? e.getCause() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private Optional<String> complete(Target target, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(target.request(body, REQUEST_TIMEOUT),
                                                    HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
    }

    // Reads up to `events` data events, then closes the body: the rest of a longer stream is abandoned, as a
    // client that stops does. A stream read to the end must end with [DONE].
    private Optional<String> readStream(byte[] body, int events) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(novai.gateway("NovAI").request(body, REQUEST_TIMEOUT),
                                                         HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                return Optional.of("HTTP " + response.statusCode());
            }
            int read = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("data: [DONE]")) {
                    return Optional.empty();
                }
                if (line.startsWith("data:") && ++read >= events) {
                    return Optional.empty();
                }
            }
            return Optional.of("stream ended without [DONE]");
        }
    }

    private Optional<String> slowReader() {
        byte[] fastStream = BenchPhases.body(NovaiProcesses.READER_MODEL, true);
        SlowReader reader = new SlowReader(novai.gateway("NovAI"), fastStream, Duration.ofSeconds(5),
                                           Duration.ofMillis(500), 16_384, 0);
        SlowReader.Outcome outcome = reader.read(new SlowReader.Live());
        return outcome.status() == 200 ? Optional.empty() : Optional.of(outcome.problem().orElse("no answer"));
    }
}
