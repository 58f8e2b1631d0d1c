package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static ai.novai.bench.BenchMain.progress;

/**
 * Inline batches of chat lines through the gateway's batch workers, beside interactive chat: after a warm-up (chat,
 * and one batch run to its end), a chat step at {@code bench.batch-concurrency} without batches; then all the
 * lines are submitted as inline batches and the same chat step runs while the workers work through them; the
 * batches are awaited (lines a second from the first submission to the last batch ended); and the chat step once
 * more without batches, to see how much the two steps without differ by themselves. Per configuration: the run's
 * NovAI, or one NovAI per count of {@code bench.batch-workers}.
 */
final class BatchPhase {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MOST = Duration.ofMinutes(5);
    private static final Pattern WORKERS = Pattern.compile("batch workers started: (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> novai;
    private final BooleanSupplier novaiAlive;
    private final BatchReport report;

    BatchPhase(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> novai,
               BooleanSupplier novaiAlive, BatchReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.novai = novai;
        this.novaiAlive = novaiAlive;
        this.report = report;
    }

    void run() {
        if (!novaiAlive.getAsBoolean()) {
            report.problem("NovAI is not running");
            return;
        }
        if (settings.batches().workers().isEmpty()) {
            measure(novai.orElseThrow());
            return;
        }
        for (int workers : settings.batches().workers()) {
            Path workDir = settings.workDir().resolve("batch-workers-" + workers);
            try {
                Files.createDirectories(workDir);
                progress("starting a NovAI with " + workers + " batch workers in " + workDir);
                try (NovaiProcesses own = NovaiProcesses.start(settings.root(), workDir, upstream,
                                                               settings.streamPace(), settings.slowReaders().pace(),
                                                               settings.serviceJvmOptions(), false,
                                                               Map.of("NOVAI_BATCHES_WORKERS",
                                                                      String.valueOf(workers)))) {
                    measure(own);
                }
            } catch (IOException | IllegalStateException e) {
                progress("the NovAI with " + workers + " batch workers did not start:\n" + e.getMessage());
                report.problem(workers + " batch workers: NovAI did not start: "
                                       + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    private void measure(NovaiProcesses processes) {
        BenchSettings.Batches batches = settings.batches();
        Target chat = processes.gateway("chat");
        Target inline = processes.batches("batches");
        OptionalInt workers = workers(processes.gatewayService().log());
        byte[] body = BenchPhases.body(NovaiProcesses.MODEL, false);
        int concurrency = batches.concurrency();
        try (LoadGenerator load = new LoadGenerator();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            progress("batch: warming up chat for " + settings.warmup().toSeconds() + " s and one batch of "
                             + batches.perBatch() + " lines");
            load.requests(chat, body, concurrency, Duration.ZERO, settings.warmup(), LoadGenerator.Window.NONE);
            awaitEnd(client, inline, submit(client, inline, batches.perBatch(), batches.perBatch()));

            StepResult without = step(load, chat, body, concurrency, "without batches", LoadGenerator.Window.NONE);
            StepResult during;
            long started = System.nanoTime();
            List<String> ids = submit(client, inline, batches.lines(), batches.perBatch());
            long submitted = System.nanoTime();
            AtomicLong windowEnd = new AtomicLong();
            Ended ended;
            try (ExecutorService watcher = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Ended> watching = watcher.submit(() -> awaitEnd(client, inline, ids));
                during = step(load, chat, body, concurrency, "beside the batches",
                              LoadGenerator.Window.of(() -> { }, () -> windowEnd.set(System.nanoTime())));
                ended = watching.get(MOST.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the batches did not end: " + e.getMessage(), e);
            }
            long finished = ended.at();
            StepResult after = step(load, chat, body, concurrency, "after the batches", LoadGenerator.Window.NONE);
            BatchReport.Row row = new BatchReport.Row(workers, batches.lines(), ids.size(),
                                                      Duration.ofNanos(submitted - started),
                                                      Duration.ofNanos(finished - started), ended.completed(),
                                                      ended.failed(), Duration.ofNanos(finished - windowEnd.get()),
                                                      without, during, after);
            progress(String.format("batch (%s workers): %,d lines in %.1f s, %.0f lines/s; chat p99 %.2f ms without,"
                                           + " %.2f ms beside (%.2f×)", workers.isPresent() ? workers.getAsInt() : "?",
                                   batches.lines(), row.toEnd().toMillis() / 1000.0, row.linesPerSecond(),
                                   without.latency().p99(), during.latency().p99(), row.p99Ratio()));
            report.row(row);
        } catch (IOException | IllegalStateException e) {
            progress("batch phase failed: " + e.getMessage());
            report.problem(e.getMessage().lines().findFirst().orElse(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.problem("interrupted");
        }
    }

    private StepResult step(LoadGenerator load, Target chat, byte[] body, int concurrency, String what,
                            LoadGenerator.Window window) {
        StepResult result = load.requests(chat, body, concurrency, settings.stepWarmup(), settings.measure(), window);
        progress(String.format("batch: chat c=%d %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed", concurrency, what,
                               result.perSecond(), result.latency().p50(), result.latency().p99(), result.failed()));
        return result;
    }

    // the lines as inline batches of at most perBatch each; their ids
    private static List<String> submit(HttpClient client, Target inline, int lines, int perBatch)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int first = 0; first < lines; first += perBatch) {
            int count = Math.min(perBatch, lines - first);
            StringBuilder inputs = new StringBuilder();
            for (int i = 0; i < count; i++) {
                inputs.append(i == 0 ? "" : ",").append(new String(BenchPhases.body(NovaiProcesses.MODEL, false),
                                                                   StandardCharsets.UTF_8));
            }
            HttpResponse<String> created = client.send(
                    inline.request(("{\"inputs\":[" + inputs + "],\"metadata\":{\"bench\":\"batch\"}}")
                                           .getBytes(StandardCharsets.UTF_8), REQUEST_TIMEOUT),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 202) {
                throw new IllegalStateException("creating a batch failed: " + created.statusCode() + " "
                                                        + created.body());
            }
            ids.add(JSON.readTree(created.body()).path("id").asText());
        }
        return ids;
    }

    /** When the last batch was seen ended, and their lines by outcome. */
    private record Ended(long at, long completed, long failed) {
    }

    // polls each batch until it shows its results (it ended); bounded by MOST
    private static Ended awaitEnd(HttpClient client, Target inline, List<String> ids) {
        long until = System.nanoTime() + MOST.toNanos();
        List<String> open = new ArrayList<>(ids);
        long completed = 0;
        long failed = 0;
        try {
            while (!open.isEmpty()) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException(open.size() + " batches not ended within " + MOST);
                }
                for (String id : List.copyOf(open)) {
                    JsonNode batch = show(client, inline, id);
                    if (batch.has("results")) {
                        open.remove(id);
                        completed += batch.path("completed").asLong();
                        failed += batch.path("failed").asLong();
                    }
                }
                if (!open.isEmpty()) {
                    Thread.sleep(POLL);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a batch failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting the batches", e);
        }
        return new Ended(System.nanoTime(), completed, failed);
    }

    private static JsonNode show(HttpClient client, Target inline, String id) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(inline.uri() + "/" + id))
                .timeout(REQUEST_TIMEOUT).GET();
        inline.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> shown = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (shown.statusCode() != 200) {
            throw new IllegalStateException("reading batch " + id + " failed: " + shown.statusCode() + " "
                                                    + shown.body());
        }
        return JSON.readTree(shown.body());
    }

    // the count the gateway logged when its workers started
    private static OptionalInt workers(Path gatewayLog) {
        try {
            Matcher matcher = WORKERS.matcher(Files.readString(gatewayLog));
            return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }
}
