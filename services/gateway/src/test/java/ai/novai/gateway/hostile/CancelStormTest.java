package ai.novai.gateway.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.PrometheusText;
import ai.novai.gateway.testing.TestDatabases;
import ai.novai.gateway.testing.TestDatabases.TestDatabase;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A cancel storm: 200 concurrent streams of one model, half of them cut by their clients at random points
 * (some before the first byte, some with a reset), while other clients keep using the same model. Cancelling
 * is the client's own outcome: nobody else sees an error, the deployment's circuit breaker stays closed, no
 * provider error is counted, every stream the upstream served is billed exactly once (cut ones as
 * {@code cancelled}, on the real PostgreSQL ledger of a key with a budget), and the gateway's heap comes back
 * to where it was.
 */
class CancelStormTest {

    private static final String MODEL = "storm-model";
    private static final String PROVIDER = "storm-upstream";
    private static final String DEPLOYMENT = PROVIDER + "/gpt-storm";
    private static final int STREAMS = 200;
    private static final int WARM_UP_STREAMS = 40;
    private static final int OTHER_CLIENTS = 4;
    private static final int DELTAS = 40;
    // the latest event a cut client reads before it closes: the stream has 40 deltas, a role, a finish and a
    // usage chunk and [DONE] (44 events) and 10-20 ms between two of them, so a cut at 25 leaves the gateway
    // at least ~190 ms of stream still to relay when the client goes
    private static final int LATEST_CUT = 25;
    private static final int PROMPT_TOKENS = 13;
    private static final int COMPLETION_TOKENS = DELTAS;
    private static final BigDecimal INPUT_USD_PER_TOKEN = new BigDecimal("0.000002");
    private static final BigDecimal OUTPUT_USD_PER_TOKEN = new BigDecimal("0.000008");
    private static final long SEED = 0x5707_2025L;
    // used heap after full GCs, after the storm minus before it (after a smaller warm-up of the same traffic):
    // 8.7-10.7 MB over 25 runs on 2 cores, before about 56 MB; state leaked per stream (its window of chunks,
    // its relay, its connection) at even 100 KB a stream would add 20 MB more
    private static final long HEAP_GROWTH_BOUND = 32L * 1024 * 1024;
    private static final String TEXT = IntStream.rangeClosed(1, DELTAS).mapToObj(i -> "w" + i + " ")
            .collect(Collectors.joining());

    private enum Kind { STORM_STREAM, OTHER_STREAM, OTHER_JSON }

    /**
     * What one client saw.
     *
     * @param id       the request id it sent ({@code X-Request-Id})
     * @param kind     what it was
     * @param cutAfter events read before closing; -1 for a client that read to the end
     * @param status   HTTP status, -1 when none was read
     * @param events   complete events read
     * @param done     whether {@code data: [DONE]} came, and came last
     * @param error    whether an error event came
     * @param body     the body (JSON requests) or its last events (streams), for failure messages
     */
    private record Outcome(String id, Kind kind, int cutAfter, int status, int events, boolean done, boolean error,
                           String body) {
        boolean cut() {
            return cutAfter >= 0;
        }

        boolean stream() {
            return kind != Kind.OTHER_JSON;
        }
    }

    private record Row(String requestId, long promptTokens, long completionTokens, BigDecimal cost, String status,
                       boolean stream, String model) {
    }

    @Test
    void aCancelStormStaysTheCancellingClientsOwnBusiness() throws Exception {
        long testStart = System.nanoTime();
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             TestDatabase database = TestDatabases.postgres()) {
            // 10-20 ms between two events, a different pace for each request
            upstream.respondWith(request -> FakeReply.text(TEXT).inDeltas(DELTAS)
                    .chunkDelay(Duration.ofMillis(10 + Math.floorMod(request.header("X-Request-Id").orElse("")
                                                                             .hashCode(), 11)))
                    .usage(PROMPT_TOKENS, COMPLETION_TOKENS));
            String registry = """
                    providers:
                      %s: { type: openai, base-url: "%s", api-key-env: STORM_KEY }
                    models:
                      - { id: %s, provider: %s, upstream-model: gpt-storm, max-output-tokens: 100,
                          price: { input-usd-per-million: "2", output-usd-per-million: "8" } }
                    """.formatted(PROVIDER, upstream.baseUrl(), MODEL, PROVIDER);
            try (NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(registry),
                                                           Map.of("STORM_KEY", "sk-storm"),
                                                           database.gatewaySettings())) {
                Http http = new Http(cluster.gatewayPort());
                Http inference = new Http(cluster.inference().port());
                Http management = new Http(cluster.managementPort());
                Keys key = Keys.create(http, """
                        {"name":"cancel-storm","budget_usd":100,"budget_period":"day"}""");
                List<Outcome> outcomes = new ArrayList<>();

                // warm-up: the same traffic, smaller, so that the baseline heap has every class, pool and cache
                outcomes.addAll(storm(cluster, http, key, "warm", WARM_UP_STREAMS, 1, new Random(SEED + 1)));
                awaitNoActiveStream(management);
                long heapBefore = usedHeapAfterGc();
                PrometheusText gatewayBefore = scrape(management);

                AtomicInteger worstBreakerState = new AtomicInteger();
                Set<String> overlapping = ConcurrentHashMap.newKeySet();
                long stormStart = System.nanoTime();
                List<Outcome> storm = storm(cluster, http, key, "storm", STREAMS, OTHER_CLIENTS, new Random(SEED),
                                            worstBreakerState, inference, overlapping);
                long stormMillis = (System.nanoTime() - stormStart) / 1_000_000;
                outcomes.addAll(storm);

                // what the clients saw: those that did not hang up are served in full, never an error
                List<Outcome> wrong = outcomes.stream().filter(outcome -> !outcome.cut())
                        .filter(outcome -> outcome.status() != 200 || !outcome.done() || outcome.error())
                        .toList();
                List<Outcome> cutWithError = outcomes.stream()
                        .filter(outcome -> outcome.cut() && (outcome.error() || (outcome.status() != -1
                                && outcome.status() != 200)))
                        .toList();
                long others = storm.stream().filter(outcome -> outcome.kind() != Kind.STORM_STREAM).count();
                Map<Kind, Long> othersDuringStorm = byKind(
                        storm.stream().filter(outcome -> overlapping.contains(outcome.id())).toList());

                // what inference counted (the model is this test's own: no other test's traffic is in these series)
                PrometheusText metrics = scrape(inference);
                Map<String, String> model = Map.of("gen_ai_request_model", MODEL);
                String breakerLines = metrics.linesOf("novai_routing_breaker_state").lines()
                        .filter(line -> line.contains(DEPLOYMENT)).collect(Collectors.joining("\n"));
                double breaker = metrics.value("novai_routing_breaker_state", Map.of("novai_deployment", DEPLOYMENT));
                double providerErrors = metrics.value("novai_provider_errors_total", model);
                String providerErrorLines = metrics.linesOf("novai_provider_errors_total").lines()
                        .filter(line -> line.contains(MODEL)).collect(Collectors.joining("\n"));
                double failedCalls = metrics.value("gen_ai_client_operation_duration_seconds_count", model)
                        - metrics.value("gen_ai_client_operation_duration_seconds_count",
                                        Map.of("gen_ai_request_model", MODEL, "error_type", "none"));
                double retries = metrics.value("novai_routing_retries_total", model);

                // the ledger, against the requests the upstream saw (each carries the client's X-Request-Id)
                Map<String, Outcome> byId = new HashMap<>();
                outcomes.forEach(outcome -> byId.put(outcome.id(), outcome));
                List<Row> rows = awaitRows(database, key, management, outcomes);
                List<String> upstreamIds = upstream.requests().stream()
                        .map(request -> request.header("X-Request-Id").orElse("<none>")).toList();
                Set<String> served = new HashSet<>(upstreamIds);
                Map<String, Row> rowById = new HashMap<>();
                List<String> duplicated = new ArrayList<>();
                List<Row> misbilled = new ArrayList<>();
                for (Row row : rows) {
                    if (rowById.put(row.requestId(), row) != null) {
                        duplicated.add(row.requestId());
                    }
                    Outcome outcome = byId.get(row.requestId());
                    BigDecimal expected = INPUT_USD_PER_TOKEN.multiply(BigDecimal.valueOf(row.promptTokens()))
                            .add(OUTPUT_USD_PER_TOKEN.multiply(BigDecimal.valueOf(row.completionTokens())));
                    boolean right = outcome != null && served.contains(row.requestId())
                            && row.cost().compareTo(expected) == 0 && row.stream() == outcome.stream()
                            && (outcome.cut() ? row.status().equals("cancelled") && row.promptTokens() > 0
                                : row.status().equals("completed") && row.promptTokens() == PROMPT_TOKENS
                                        && row.completionTokens() == COMPLETION_TOKENS);
                    if (!right) {
                        misbilled.add(row);
                    }
                }
                // every request the upstream saw has its row: answered in full, cut after some events, and cut before
                // its first byte (billed for the prompt the provider was sent, as inference reports it)
                List<Outcome> servedWithoutRow = outcomes.stream()
                        .filter(outcome -> served.contains(outcome.id()) && !rowById.containsKey(outcome.id()))
                        .toList();
                BigDecimal billed = rows.stream().map(Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal spend = Http.json(http.send(Keys.admin(http, "/v1/admin/keys/" + key.id()).GET().build()))
                        .path("current_period_spend_usd").decimalValue();

                // the heap, once the storm is over and its rows are written
                Thread.sleep(500);
                long heapAfter = usedHeapAfterGc();

                List<Outcome> cuts = outcomes.stream().filter(Outcome::cut).toList();
                System.out.printf(Locale.ROOT, """
                                  cancel storm: %d streams (%d in the storm, %d in the warm-up; %d cut: %d before \
                                  the first byte, %d of those with a reset, %d after 1-%d events) and %d other \
                                  requests (%d in the storm, started during it: %s), storm %d ms
                                    clients that did not hang up and failed: %d %s%s
                                    clients that hung up and saw an error first: %d %s
                                    stream endings at the gateway during the storm: %s
                                    breaker: %s (worst sampled during the storm: %d)
                                    provider errors of %s: %s; calls with an error type: %.0f; retries: %.0f
                                    upstream requests %d (distinct ids %d); ledger rows %d %s; duplicated ids %s; \
                                  misbilled %d %s
                                    served without a row: %d %s; never reached the upstream: %d
                                    billed %s USD, the key's spend %s USD
                                    heap used after GC: before %.1f MB, after %.1f MB, growth %.1f MB (bound %d MB)
                                    test ran %d ms
                                  """,
                                  STREAMS + WARM_UP_STREAMS, STREAMS, WARM_UP_STREAMS, cuts.size(),
                                  cuts.stream().filter(cut -> cut.cutAfter() == 0).count(),
                                  cuts.stream().filter(cut -> cut.cutAfter() == 0 && cut.body().equals("reset"))
                                          .count(),
                                  cuts.stream().filter(cut -> cut.cutAfter() > 0).count(), LATEST_CUT,
                                  outcomes.stream().filter(outcome -> outcome.kind() != Kind.STORM_STREAM).count(),
                                  others, othersDuringStorm, stormMillis,
                                  wrong.size(), byKind(wrong), sample(wrong), cutWithError.size(), sample(cutWithError),
                                  endings(gatewayBefore, scrape(management)),
                                  breakerLines.isEmpty() ? "no gauge" : breakerLines, worstBreakerState.get(), MODEL,
                                  providerErrorLines.isEmpty() ? "none" : providerErrorLines,
                                  failedCalls, retries, upstream.requestCount(), served.size(), rows.size(),
                                  rows.stream().collect(Collectors.groupingBy(Row::status, TreeMap::new,
                                                                              Collectors.counting())),
                                  duplicated, misbilled.size(), misbilled.stream().limit(5).toList(),
                                  servedWithoutRow.size(), sample(servedWithoutRow),
                                  outcomes.stream().filter(outcome -> !served.contains(outcome.id())).count(),
                                  billed.toPlainString(), spend.toPlainString(),
                                  heapBefore / 1048576.0, heapAfter / 1048576.0,
                                  (heapAfter - heapBefore) / 1048576.0, HEAP_GROWTH_BOUND / 1048576,
                                  (System.nanoTime() - testStart) / 1_000_000);

                // nobody else noticed the storm
                assertThat(wrong.size() + " clients that did not hang up got an error or an incomplete answer "
                                   + byKind(wrong) + ", e.g." + sample(wrong), wrong.size(), is(0));
                assertThat(cutWithError.size() + " clients that hung up saw an error before they did, e.g."
                                   + sample(cutWithError), cutWithError.size(), is(0));
                assertThat("plain requests of the other clients started during the storm",
                           othersDuringStorm.getOrDefault(Kind.OTHER_JSON, 0L),
                           greaterThanOrEqualTo(OTHER_CLIENTS / 2L));
                assertThat("streamed requests of the other clients started during the storm",
                           othersDuringStorm.getOrDefault(Kind.OTHER_STREAM, 0L),
                           greaterThanOrEqualTo(OTHER_CLIENTS / 2L));
                // cancelling is not failing: the breaker stayed closed, no provider error, no retry
                assertThat("the breaker gauge of " + DEPLOYMENT, breakerLines.isEmpty(), is(false));
                assertThat("breaker of " + DEPLOYMENT + " (0 closed, 1 half-open, 2 open)", breaker, is(0.0));
                assertThat("worst breaker state sampled during the storm", worstBreakerState.get(), is(0));
                assertThat("provider errors of " + MODEL + ":\n" + providerErrorLines, providerErrors, is(0.0));
                assertThat("provider calls of " + MODEL + " recorded with an error type", failedCalls, is(0.0));
                assertThat("retries of " + MODEL, retries, is(0.0));
                // one row per request served, at the registry's prices, cut streams cancelled
                assertThat("the upstream's recorded requests", (long) upstreamIds.size(), is(upstream.requestCount()));
                assertThat("request ids that reached the upstream twice (retried)", served.size(),
                           is(upstreamIds.size()));
                assertThat("requests at the upstream that no client sent", byId.keySet().containsAll(served), is(true));
                assertThat("request ids with two ledger rows", duplicated, is(List.of()));
                assertThat(misbilled.size() + " rows misbilled (cost, status, tokens or stream), e.g. "
                                   + misbilled.stream().limit(5).toList(), misbilled.size(), is(0));
                assertThat(servedWithoutRow.size() + " requests served upstream but not billed, e.g."
                                   + sample(servedWithoutRow), servedWithoutRow.size(), is(0));
                assertThat("ledger rows", rows.size(), is(served.size()));
                assertThat("the key's spend (" + spend + ") is its rows' sum (" + billed + ")", spend.compareTo(billed),
                           is(0));
                // and nothing of the storm stayed behind
                assertThat("heap growth in bytes", heapAfter - heapBefore, lessThan(HEAP_GROWTH_BOUND));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The traffic
    // ---------------------------------------------------------------------------------------------------

    private static List<Outcome> storm(NovaiCluster cluster, Http http, Keys key, String prefix, int streams,
                                       int otherClients, Random random) throws Exception {
        return storm(cluster, http, key, prefix, streams, otherClients, random, new AtomicInteger(), null,
                     ConcurrentHashMap.newKeySet());
    }

    /**
     * {@code streams} streams at once, half of them (chosen by {@code random}) cut; meanwhile
     * {@code otherClients} clients loop over plain and streamed requests of the same model (half of them
     * starting with each) until every stream is over, and the ids of those started before then are added to
     * {@code overlapping}; when {@code inference} is given, its breaker gauge is sampled meanwhile.
     */
    private static List<Outcome> storm(NovaiCluster cluster, Http http, Keys key, String prefix, int streams,
                                       int otherClients, Random random, AtomicInteger worstBreakerState,
                                       Http inference, Set<String> overlapping) throws Exception {
        List<Integer> order = new ArrayList<>(IntStream.range(0, streams).boxed().toList());
        Collections.shuffle(order, random);
        Set<Integer> cut = new HashSet<>(order.subList(0, streams / 2));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean over = new AtomicBoolean();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> storm = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                String id = prefix + "-" + i;
                // cut: 1 in 5 before the first byte (half of those with a reset, some after a pause), the rest
                // after reading 1 to LATEST_CUT events
                int cutAfter = !cut.contains(i) ? -1 : random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(LATEST_CUT);
                boolean reset = random.nextBoolean();
                int pauseMillis = random.nextInt(3) == 0 ? 0 : random.nextInt(100);
                storm.add(threads.submit(() -> {
                    start.await();
                    return stream(cluster.gatewayPort(), key, id, cutAfter, reset, pauseMillis);
                }));
            }
            List<Future<List<Outcome>>> others = new ArrayList<>();
            for (int client = 0; client < otherClients; client++) {
                String clientPrefix = prefix + "-other" + client + "-";
                int first = client % 2;
                others.add(threads.submit(() -> {
                    start.await();
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int i = 0; (!over.get() || i < 2) && System.nanoTime() < deadline; i++) {
                        if (!over.get()) {
                            overlapping.add(clientPrefix + i);
                        }
                        outcomes.add(plain(http, key, clientPrefix + i, (i + first) % 2 == 1));
                    }
                    return outcomes;
                }));
            }
            Future<?> sampler = inference == null ? null : threads.submit(() -> {
                while (!over.get() && System.nanoTime() < deadline) {
                    PrometheusText metrics = scrape(inference);
                    worstBreakerState.accumulateAndGet(
                            (int) metrics.value("novai_routing_breaker_state", Map.of("novai_deployment", DEPLOYMENT)),
                            Math::max);
                    Thread.sleep(200);
                }
                return null;
            });
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            try {
                for (Future<Outcome> stream : storm) {
                    outcomes.add(stream.get(remaining(deadline), TimeUnit.NANOSECONDS));
                }
            } finally {
                over.set(true);
            }
            for (Future<List<Outcome>> other : others) {
                outcomes.addAll(other.get(remaining(deadline) + Duration.ofSeconds(11).toNanos(),
                                          TimeUnit.NANOSECONDS));
            }
            if (sampler != null) {
                sampler.get(remaining(deadline) + Duration.ofSeconds(11).toNanos(), TimeUnit.NANOSECONDS);
            }
            return outcomes;
        }
    }

    // A non-streamed or streamed request of a client that reads its answer in full.
    private static Outcome plain(Http http, Keys key, String id, boolean stream) {
        Kind kind = stream ? Kind.OTHER_STREAM : Kind.OTHER_JSON;
        HttpResponse<String> response;
        try {
            response = http.send(key.request(http, "/v1/chat/completions").header("X-Request-Id", id)
                                         .POST(HttpRequest.BodyPublishers.ofString(chat(stream).toString())).build());
        } catch (RuntimeException e) {
            return new Outcome(id, kind, -1, -1, 0, false, false, e.toString());
        }
        String body = response.body();
        if (stream) {
            int events = body.split("\n\n").length;
            return new Outcome(id, kind, -1, response.statusCode(), events, body.endsWith("data: [DONE]\n\n"),
                               body.contains("\"error\""), tail(body));
        }
        boolean complete = response.statusCode() == 200
                && Http.json(body).path("usage").path("completion_tokens").asInt() == COMPLETION_TOKENS;
        return new Outcome(id, kind, -1, response.statusCode(), 1, complete, body.contains("\"error\""), body);
    }

    /**
     * One stream on a raw socket: read to its end ({@code cutAfter < 0}), or closed after {@code cutAfter} events
     * (0: without reading anything, after {@code pauseMillis}), with a reset instead of a FIN when {@code reset}.
     */
    private static Outcome stream(int port, Keys key, String id, int cutAfter, boolean reset, int pauseMillis)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] json = chat(true).toString().getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key.secret()
                    + "\r\nX-Request-Id: " + id + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            if (cutAfter == 0) {
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
                hangUp(socket, reset);
                return new Outcome(id, Kind.STORM_STREAM, 0, -1, 0, false, false, reset ? "reset" : "closed");
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int status = -1;
            List<String> events = new ArrayList<>();
            boolean error = false;
            try {
                status = Integer.parseInt(line(in).split(" ")[1]);
                // chunked (a stream), or with a length (an error answered before the stream started)
                long length = -1;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    int colon = Math.max(0, header.indexOf(':'));
                    String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).strip();
                    if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        length = -2;
                    } else if (name.equals("content-length") && length != -2) {
                        length = Long.parseLong(value);
                    }
                }
                if (length >= 0) {
                    String body = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
                    return new Outcome(id, Kind.STORM_STREAM, cutAfter, status, 0, false, body.contains("\"error\""),
                                       body);
                }
                StringBuilder pending = new StringBuilder();
                for (byte[] piece = piece(in, length == -2); piece != null; piece = piece(in, length == -2)) {
                    pending.append(new String(piece, StandardCharsets.UTF_8));
                    for (int end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
                        String event = pending.substring(0, end);
                        pending.delete(0, end + 2);
                        events.add(event);
                        error |= event.contains("\"error\"");
                        if (cutAfter > 0 && events.size() >= cutAfter) {
                            hangUp(socket, reset);
                            return new Outcome(id, Kind.STORM_STREAM, cutAfter, status, events.size(), false, error,
                                               tail(events));
                        }
                    }
                    if (!events.isEmpty() && events.getLast().equals("data: [DONE]")) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended or hung before the stream did: an outcome like any other, for the report
                return new Outcome(id, Kind.STORM_STREAM, cutAfter, status, events.size(), false, error,
                                   e + " after " + tail(events));
            }
            boolean done = !events.isEmpty() && events.getLast().equals("data: [DONE]")
                    && String.join("\n", events).contains("\"completion_tokens\":" + COMPLETION_TOKENS);
            return new Outcome(id, Kind.STORM_STREAM, cutAfter, status, events.size(), done && cutAfter < 0, error,
                               tail(events));
        }
    }

    private static void hangUp(Socket socket, boolean reset) throws IOException {
        if (reset) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
    }

    // The next piece of the body: a chunk when chunked, else what the socket has (until it closes); null at the end.
    private static byte[] piece(InputStream in, boolean chunked) throws IOException {
        if (!chunked) {
            byte[] buffer = new byte[8192];
            int read = in.read(buffer);
            return read < 0 ? null : Arrays.copyOf(buffer, read);
        }
        String size = line(in);
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
            return null;
        }
        byte[] chunk = in.readNBytes(length);
        line(in);
        return chunk;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended in a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static ObjectNode chat(boolean stream) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", MODEL).put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", "weather the storm");
        return body;
    }

    private static String sample(List<Outcome> outcomes) {
        return outcomes.stream().limit(3).map(outcome -> "\n      " + outcome).collect(Collectors.joining());
    }

    private static Map<Kind, Long> byKind(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::kind, TreeMap::new, Collectors.counting()));
    }

    private static String tail(List<String> events) {
        return String.join(" | ", events.subList(Math.max(0, events.size() - 3), events.size()));
    }

    private static String tail(String body) {
        return body.substring(Math.max(0, body.length() - 300));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    // ---------------------------------------------------------------------------------------------------
    // What the services report
    // ---------------------------------------------------------------------------------------------------

    private static PrometheusText scrape(Http service) {
        HttpResponse<String> response = service.send(service.request("/observe/metrics")
                                                              .header("Accept", "text/plain").GET().build());
        assertThat(response.body(), response.statusCode(), is(200));
        return PrometheusText.parse(response.body());
    }

    private static String endings(PrometheusText before, PrometheusText after) {
        Map<String, Long> endings = new TreeMap<>();
        for (String outcome : List.of("completed", "client_disconnected", "client_too_slow", "interrupted", "failed")) {
            Map<String, String> label = Map.of("outcome", outcome);
            endings.put(outcome, Math.round(after.value("novai_gateway_stream_endings_total", label)
                                                    - before.value("novai_gateway_stream_endings_total", label)));
        }
        return endings.toString();
    }

    private static void awaitNoActiveStream(Http gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (scrape(gateway).value("novai_gateway_active_streams", Map.of()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat("streams still open at the gateway", scrape(gateway).value("novai_gateway_active_streams", Map.of()),
                   is(0.0));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /**
     * The key's rows once the ledger has settled: every row that must exist is there (the requests answered in
     * full, the cut streams that saw an event), no stream is open at the gateway, and the count held still; or
     * whatever is there after 15 s.
     */
    private static List<Row> awaitRows(TestDatabase database, Keys key, Http gateway, List<Outcome> outcomes)
            throws InterruptedException {
        Set<String> required = outcomes.stream()
                .filter(outcome -> outcome.done() || (outcome.cut() && outcome.events() > 0))
                .map(Outcome::id).collect(Collectors.toSet());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Row> rows = rows(database, key);
        int previous = -1;
        while (System.nanoTime() < deadline) {
            Set<String> present = rows.stream().map(Row::requestId).collect(Collectors.toSet());
            if (present.containsAll(required) && rows.size() == previous
                    && scrape(gateway).value("novai_gateway_active_streams", Map.of()) == 0) {
                return rows;
            }
            previous = rows.size();
            Thread.sleep(300);
            rows = rows(database, key);
        }
        return rows;
    }

    private static List<Row> rows(TestDatabase database, Keys key) {
        Map<String, String> settings = database.gatewaySettings();
        try (Connection connection = DriverManager.getConnection(settings.get("novai.database.url"),
                                                                 settings.get("novai.database.username"), "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT request_id, prompt_tokens, completion_tokens, cost_usd, status, stream, model "
                             + "FROM usage_ledger WHERE key_id = ?")) {
            query.setString(1, key.id());
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getLong(2), result.getLong(3),
                                     result.getBigDecimal(4), result.getString(5), result.getBoolean(6),
                                     result.getString(7)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
