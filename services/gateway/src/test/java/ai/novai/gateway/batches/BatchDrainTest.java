package ai.novai.gateway.batches;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Batch lines take part in a gateway's graceful stop: the drain waits for them up to its deadline, then cancels
 * their calls and hands them back to the queue at once (not when their leases end), and another replica on the
 * same database finishes the batch, billing each line once.
 */
class BatchDrainTest {

    @Test
    void aStoppingGatewayHandsItsLinesBackAndAnotherFinishesTheBatch() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.respondWith(request -> FakeReply.text("slow answer").delayHeaders(Duration.ofMillis(3000)));
            try (NovaiCluster cluster = BatchTesting.startWithSlowModel(upstream,
                                                                        Map.of("shutdown.drain-deadline", "PT1S"))) {
                Http http = new Http(cluster.gatewayPort());
                String line = BatchTesting.SLOW_LINE;
                String id = BatchTesting.createInline(http, NovaiCluster.DEV_KEY,
                                                      "{\"inputs\":[" + line + "," + line + "]}").get("id").asText();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (upstream.requestCount() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat("both lines are running", upstream.requestCount(), is(2L));

                long started = System.nanoTime();
                cluster.gateway().shutdown();
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat("the drain deadline (1 s) bounds the stop", tookMillis, lessThan(5_000L));

                long handedBack = System.nanoTime();
                try (RunningGateway other = cluster.startGateway(Map.of("novai.batches.poll-interval", "PT0.05S"))) {
                    Http otherHttp = new Http(other.port());
                    JsonNode done = BatchTesting.awaitResults(otherHttp, NovaiCluster.DEV_KEY, id);
                    long finishedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - handedBack);
                    assertThat(done.toString(), done.get("completed").asInt(), is(2));
                    assertThat("handed back at once, not after the 30 s lease", finishedMillis, lessThan(20_000L));
                    assertThat("each line ran twice upstream: cut by the stop, then again",
                               upstream.requestCount(), is(4L));
                    String today = LocalDate.now(ZoneOffset.UTC).toString();
                    JsonNode usage = Http.json(otherHttp.send(otherHttp.request("/v1/usage?start_date=" + today
                                    + "&end_date=" + today + "&group_by=model")
                            .header("Authorization", "Bearer " + NovaiCluster.DEV_KEY).build()));
                    long billed = 0;
                    for (JsonNode row : usage.get("data")) {
                        billed += row.get("batch_requests").asLong();
                    }
                    assertThat("billed once each: the cut runs were not", billed, is(2L));
                }
            }
        }
    }
}
