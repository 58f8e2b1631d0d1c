package ai.novai.deploy.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ai.novai.deploy.ServiceProcess;
import ai.novai.deploy.StandIns;
import ai.novai.inference.fakes.FakeReply;
import ai.novai.inference.fakes.RecordedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static ai.novai.deploy.faults.Faults.base;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isIn;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A gateway replica killed with SIGKILL while its batch workers run lines of an inline batch, two replicas sharing
 * PostgreSQL and Redis. The lines it held come back to the queue when their leases end and the survivor runs them:
 * the batch completes with every input answered once, in its place; the ledger holds one row per line; the upstream
 * served each line once, except the lines in flight on the killed replica, which it may have served twice; and
 * once the killed replica's reservations expired, Redis' spend is the ledger's.
 */
class BatchGatewayKillTest {

    private static final int LINES = 300;
    private static final int WORKERS = 4;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RESERVATION_LIFETIME = Duration.ofSeconds(4);
    private static final Duration UPSTREAM_PAUSE = Duration.ofMillis(80);
    private static final Duration COMPLETION_BOUND = Duration.ofSeconds(60);
    private static final int COMPLETION_TOKENS = 25;
    private static final Pattern OWNER = Pattern.compile("batch workers started: \\d+ as (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aGatewayKilledMidBatchLeavesItsLinesToThePeerAndBillsEachOnce() throws Exception {
        try (FaultRig rig = FaultRig.start(work, RESERVATION_LIFETIME)) {
            rig.gatewaySetting("NOVAI_BATCHES_WORKERS", String.valueOf(WORKERS));
            rig.gatewaySetting("NOVAI_BATCHES_LEASE", LEASE.toString());
            rig.gatewaySetting("NOVAI_BATCHES_POLL_DASH_INTERVAL", "PT0.1S");
            rig.upstream().respondWith(BatchGatewayKillTest::echo);
            List<Integer> ports = StandIns.freePorts(2);
            ServiceProcess doomed = rig.deploy(List.of("127.0.0.1"), ports).gateways().getFirst();
            String survivor = base(ports.get(1));
            FaultRig.ApiKey key = rig.createKey(ports.get(1), "5");
            rig.warmUp(ports.get(0), key);
            rig.warmUp(ports.get(1), key);
            String doomedOwner = owner(doomed);

            String batchId = createBatch(survivor, key).path("id").asText();
            // kill once a third of the batch is done and the doomed replica holds lines
            String runningOnDoomed = "SELECT line_no FROM batch_lines WHERE batch_id = '" + batchId
                    + "' AND state = 'running' AND lease_owner = '" + doomedOwner + "'";
            Faults.await("a third of the batch done, lines running on the doomed gateway", COMPLETION_BOUND,
                         () -> ended(survivor, key, batchId) >= LINES / 3 && !query(rig, runningOnDoomed).isEmpty());
            int endedAtKill = ended(survivor, key, batchId);
            long killedAt = System.nanoTime();
            doomed.kill();
            // the dead process changes nothing any more: its claimed lines are those it had in flight
            Set<Integer> inFlightAtKill = query(rig, runningOnDoomed).stream().map(row -> Integer.parseInt(row[0]))
                    .collect(Collectors.toCollection(TreeSet::new));

            JsonNode done = awaitEnd(survivor, key, batchId, killedAt);
            long killToCompletion = System.nanoTime() - killedAt;

            assertThat("lines still to run at the kill", endedAtKill, lessThan(LINES));
            assertThat("lines the doomed gateway held at the kill", inFlightAtKill.size(), greaterThan(0));
            assertThat(done.toString(), done.path("status").asText(), is("completed"));
            assertThat(done.path("completed").asInt(), is(LINES));
            assertThat(done.path("failed").asInt(), is(0));
            Map<Integer, Integer> answered = new TreeMap<>();
            for (JsonNode result : done.path("results")) {
                int index = result.path("index").asInt();
                answered.merge(index, 1, Integer::sum);
                assertThat("result " + index, result.path("status_code").asInt(), is(200));
                assertThat("result " + index + " answers its own input",
                           result.path("body").path("choices").path(0).path("message").path("content").asText(),
                           is(answerTo(input(index))));
            }
            assertThat("results", answered.size(), is(LINES));
            assertThat("indexes answered more than once", answered.entrySet().stream()
                    .filter(entry -> entry.getValue() != 1).map(Map.Entry::getKey).toList(), empty());

            List<Books.Row> batchRows = Books.batchLedger(rig.databaseUrl(), batchId);
            assertThat("ledger rows of the batch", batchRows.size(), is(LINES));
            assertThat("distinct request ids among them", Books.byRequest(batchRows).size(), is(LINES));

            // what the upstream served of the batch, by input
            Map<Integer, Long> served = rig.upstream().requests().stream().map(BatchGatewayKillTest::content)
                    .filter(content -> content.startsWith("line-"))
                    .collect(Collectors.groupingBy(content -> Integer.parseInt(content.substring(5)), TreeMap::new,
                                                   Collectors.counting()));
            long servedTotal = served.values().stream().mapToLong(Long::longValue).sum();
            Set<Integer> servedTwice = served.entrySet().stream().filter(entry -> entry.getValue() > 1)
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            assertThat("inputs the upstream served", served.size(), is(LINES));
            assertThat("inputs served more than once were in flight on the killed gateway", servedTwice,
                       everyItem(isIn(inFlightAtKill)));
            assertThat("served - ledger", servedTotal - batchRows.size(),
                       is((long) served.values().stream().mapToLong(count -> count - 1).sum()));
            assertThat("served - ledger, at most the killed gateway's workers", servedTotal - batchRows.size(),
                       lessThanOrEqualTo((long) WORKERS));

            // the killed replica's reservations expire; the key's next admission releases them (admit.lua)
            long sinceKill = System.nanoTime() - killedAt;
            long settled = RESERVATION_LIFETIME.toNanos() + 1_500_000_000L;
            if (sinceKill < settled) {
                Thread.sleep(Duration.ofNanos(settled - sinceKill));
            }
            SdkLikeClient.Call releasing = SdkLikeClient.once(key.secret()).chat(survivor, "after-lifetime", false);
            assertThat(releasing.detail(), releasing.result(), is(SdkLikeClient.Result.OK));
            List<Books.Row> keyRows = Books.ledger(rig.databaseUrl(), key.id());
            Books.Budget budget = Books.budget(key.id());
            assertThat("reservations still open after the lifetime", budget.openReservations(), empty());
            assertThat(budget.reservedMicros(), is(0L));
            // A line the killed gateway committed (result and ledger row, one transaction) but had not settled in
            // Redis yet (the next statement) is in the ledger and missing from Redis' spend: at most one per worker
            // of the killed gateway, as for an interactive request cut between its ledger row and its settlement.
            // The ledger is exact; Redis may only be short by those lines, never over.
            long ledgerMicros = Books.settledMicros(keyRows);
            long maxLineMicros = Books.maxSettledMicros(batchRows);
            assertThat("Redis' spend is not above the ledger's (" + keyRows.size() + " rows of the key, "
                               + batchRows.size() + " of the batch)", budget.spentMicros(),
                       lessThanOrEqualTo(ledgerMicros));
            assertThat("Redis' spend misses at most the killed gateway's unsettled lines (one per worker)",
                       ledgerMicros - budget.spentMicros(), lessThanOrEqualTo(WORKERS * maxLineMicros));
            assertThat("kill to completion", Duration.ofNanos(killToCompletion), lessThan(COMPLETION_BOUND));

            Faults.report("batch gateway SIGKILL", LINES + " lines, " + WORKERS + " workers per gateway, lease "
                    + LEASE + ", upstream " + UPSTREAM_PAUSE.toMillis() + " ms per answer; killed with " + endedAtKill
                    + " lines ended and " + inFlightAtKill.size() + " in flight on the killed gateway "
                    + inFlightAtKill);
            Faults.report("batch gateway SIGKILL", "upstream served " + servedTotal + " batch requests, ledger rows "
                    + batchRows.size() + ", served - ledger " + (servedTotal - batchRows.size())
                    + " (inputs served twice " + servedTwice + ")");
            Faults.report("batch gateway SIGKILL", "kill to batch completed " + Faults.millis(killToCompletion)
                    + " ms; Redis spent " + budget.spentMicros() + " µUSD, ledger " + ledgerMicros
                    + " µUSD after the reservation lifetime " + RESERVATION_LIFETIME + " (unsettled at the kill: "
                    + (ledgerMicros - budget.spentMicros()) + " µUSD)");
        }
    }

    private static String input(int index) {
        return "line-" + index;
    }

    private static String answerTo(String content) {
        return "answer to " + content;
    }

    private static String content(RecordedRequest request) {
        return request.json().path("messages").path(0).path("content").asText("");
    }

    // batch inputs answered after a short pause, naming their input; the warm-up's streams as the rig's
    private static FakeReply echo(RecordedRequest request) {
        String text = answerTo(content(request));
        FakeReply reply = FakeReply.text(text).inDeltas(COMPLETION_TOKENS).usage(FaultRig.PROMPT_TOKENS,
                                                                                 COMPLETION_TOKENS);
        return request.stream() ? reply.chunkDelay(Duration.ofMillis(20)) : reply.delayHeaders(UPSTREAM_PAUSE);
    }

    private static String owner(ServiceProcess gateway) throws InterruptedException {
        Faults.await("the gateway's batch workers started", Duration.ofSeconds(30),
                     () -> OWNER.matcher(gateway.log()).find());
        Matcher matcher = OWNER.matcher(gateway.log());
        if (!matcher.find()) {
            throw new AssertionError("no batch worker owner in the gateway's log");
        }
        return matcher.group(1);
    }

    private static JsonNode createBatch(String base, FaultRig.ApiKey key) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (int i = 0; i < LINES; i++) {
            ObjectNode input = inputs.addObject();
            input.put("model", FaultRig.MODEL);
            input.putArray("messages").addObject().put("role", "user").put("content", input(i));
        }
        body.putObject("metadata").put("test", "batch-gateway-kill");
        HttpResponse<String> created = HTTP.send(request(base + "/v1/batches", key)
                                                         .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                                         .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 202) {
            throw new AssertionError("creating the batch failed: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body());
    }

    private static JsonNode batch(String base, FaultRig.ApiKey key, String id) {
        try {
            HttpResponse<String> shown = HTTP.send(request(base + "/v1/batches/" + id, key).GET().build(),
                                                   HttpResponse.BodyHandlers.ofString());
            if (shown.statusCode() != 200) {
                throw new AssertionError("reading the batch failed: " + shown.statusCode() + " " + shown.body());
            }
            return JSON.readTree(shown.body());
        } catch (IOException e) {
            throw new AssertionError("reading the batch failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int ended(String base, FaultRig.ApiKey key, String id) {
        JsonNode shown = batch(base, key, id);
        return shown.path("completed").asInt() + shown.path("failed").asInt();
    }

    private static JsonNode awaitEnd(String base, FaultRig.ApiKey key, String id, long killedAt)
            throws InterruptedException {
        long until = killedAt + COMPLETION_BOUND.toNanos();
        while (System.nanoTime() < until) {
            JsonNode shown = batch(base, key, id);
            if (shown.has("results")) {
                return shown;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the batch did not end within " + COMPLETION_BOUND + " of the kill: "
                                         + batch(base, key, id));
    }

    private static List<String[]> query(FaultRig rig, String sql) {
        try {
            return Books.query(rig.databaseUrl(), sql);
        } catch (IOException e) {
            throw new AssertionError(sql + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static HttpRequest.Builder request(String url, FaultRig.ApiKey key) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json");
    }
}
