package ai.novai.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

import static ai.novai.bench.BenchMain.progress;

/**
 * Success rates against an upstream in a brownout ({@link UpstreamBrownout}: a share of the requests fails,
 * half 500, half 429), directly and through NovAI, at each share of {@link NovaiProcesses#BROWNOUTS}. Through
 * NovAI the model has one deployment and no fallback and the routing settings are the defaults, so retries are
 * all NovAI can do, and its circuit breaker must not make things worse. Per share and target: a fixed number of
 * non-streamed requests, then of streams, at a fixed concurrency (the shape of the measurement in issue 12:
 * 400 requests, then 100 streams). A request succeeds on a 200 with a completion; a stream on a 200 that ends
 * with its finish reason and {@code data: [DONE]}, without an error event.
 */
final class BrownoutPhase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CONCURRENCY = 16;

    private final BenchSettings settings;
    private final FakeUpstream upstream;
    private final Optional<NovaiProcesses> novai;
    private final BooleanSupplier novaiAlive;
    private final BrownoutReport report;

    BrownoutPhase(BenchSettings settings, FakeUpstream upstream, Optional<NovaiProcesses> novai,
                  BooleanSupplier novaiAlive, BrownoutReport report) {
        this.settings = settings;
        this.upstream = upstream;
        this.novai = novai;
        this.novaiAlive = novaiAlive;
        this.report = report;
    }

    void run() {
        int requests = settings.quick() ? 100 : 400;
        int streams = settings.quick() ? 25 : 100;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        for (int percent : NovaiProcesses.BROWNOUTS) {
            String model = NovaiProcesses.brownoutModel(percent);
            Target direct = new Target("direct", URI.create(upstream.brownoutBaseUri(percent) + "/chat/completions"),
                                       Optional.empty());
            BrownoutReport.Tally directly = measure(client, direct, model, requests, streams);
            progress("brownout " + percent + " % direct: " + directly);
            if (!novaiAlive.getAsBoolean()) {
                report.level(percent, directly, Optional.empty(), 0);
                continue;
            }
            long before = upstreamCalls(percent);
            BrownoutReport.Tally throughNovai = measure(client, novai.orElseThrow().gateway("NovAI"), model,
                                                        requests, streams);
            long calls = upstreamCalls(percent) - before;
            progress("brownout " + percent + " % through NovAI: " + throughNovai + ", upstream saw " + calls);
            report.level(percent, directly, Optional.of(throughNovai), calls);
        }
        client.close();
    }

    private long upstreamCalls(int percent) {
        long calls = 0;
        for (UpstreamBrownout.Answer answer : UpstreamBrownout.Answer.values()) {
            calls += upstream.brownoutAnswers(percent, answer);
        }
        return calls;
    }

    private static BrownoutReport.Tally measure(HttpClient client, Target target, String model, int requests,
                                                int streams) {
        return new BrownoutReport.Tally(outcomes(client, target, body(model, false), requests, false),
                                        outcomes(client, target, body(model, true), streams, true));
    }

    // what each of `count` requests got, by outcome: "ok", or the status and what was wrong
    private static Map<String, Long> outcomes(HttpClient client, Target target, byte[] body, int count,
                                              boolean stream) {
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                slots.acquireUninterruptibly();
                outcomes.add(threads.submit(() -> {
                    try {
                        return outcome(client.send(target.request(body, TIMEOUT),
                                                   HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                                       stream);
                    } catch (IOException e) {
                        return "connection: " + e.getClass().getSimpleName();
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Future<String> outcome : outcomes) {
            counts.merge(outcome.resultNow(), 1L, Long::sum);
        }
        return counts;
    }

    private static String outcome(HttpResponse<String> response, boolean stream) {
        if (response.statusCode() != 200) {
            return Integer.toString(response.statusCode());
        }
        if (!stream) {
            return response.body().contains("\"choices\"") ? BrownoutReport.OK : "200 without a completion";
        }
        String body = response.body();
        if (body.contains("data: {\"error\"")) {
            return "200, stream ended by an error event";
        }
        if (!body.strip().endsWith("data: [DONE]") || !body.contains("\"finish_reason\":\"stop\"")) {
            return "200, stream incomplete";
        }
        return BrownoutReport.OK;
    }

    private static byte[] body(String model, boolean stream) {
        String streaming = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        return ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi.\"}],"
                + "\"max_tokens\":16" + streaming + "}").getBytes(StandardCharsets.UTF_8);
    }
}
