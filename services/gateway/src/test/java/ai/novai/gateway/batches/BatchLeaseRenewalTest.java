package ai.novai.gateway.batches;

import java.time.Duration;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import ai.novai.inference.fakes.FakeReply;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A line that runs longer than the lease keeps it (the replica renews its leases on their own thread): it is not
 * claimed again meanwhile, so the upstream is called once per line.
 */
class BatchLeaseRenewalTest {

    @Test
    void linesLongerThanTheLeaseRunOnce() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.respondWith(request -> FakeReply.text("slow answer").delayHeaders(Duration.ofMillis(2500)));
            try (NovaiCluster cluster = BatchTesting.startWithSlowModel(upstream, Map.of(
                    "novai.batches.lease", "PT1S", "novai.batches.workers", "4"))) {
                Http http = new Http(cluster.gatewayPort());
                String line = BatchTesting.SLOW_LINE;
                JsonNode batch = BatchTesting.createInline(http, NovaiCluster.DEV_KEY,
                                                           "{\"inputs\":[" + line + "," + line + "]}");
                JsonNode done = BatchTesting.awaitResults(http, NovaiCluster.DEV_KEY, batch.get("id").asText());
                assertThat(done.toString(), done.get("completed").asInt(), is(2));
                assertThat("each line reached the upstream once", upstream.requestCount(), is(2L));
            }
        }
    }
}
