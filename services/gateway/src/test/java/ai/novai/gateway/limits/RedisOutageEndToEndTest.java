package ai.novai.gateway.limits;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.RedisServer;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Redis stopped under a running gateway (fail-open, the default): requests keep flowing against the
 * gateway's own limiter, the fallback shows in the metrics, and once Redis is back the shared limits
 * apply again.
 */
class RedisOutageEndToEndTest {


    @Test
    void requestsKeepFlowingWhileRedisIsDownAndSharedLimitsReturnWithIt() throws Exception {
        try (RedisServer redis = new RedisServer().start();
             NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(Fixtures.ECHO_REGISTRY), Map.of(), Map.of(
                     "novai.redis.url", redis.url(),
                     "novai.limits.redis-retry-interval", "PT0.2S"))) {
            Http http = new Http(cluster.gatewayPort());
            Http management = new Http(cluster.managementPort());
            Keys key = Keys.create(http, "{\"name\":\"outage\",\"rpm_limit\":1000}");

            assertThat(Fixtures.chat(http, key).statusCode(), is(200));
            assertThat(redis.cli("HLEN", "novai:{" + key.id() + "}:rpm"), is("1"));

            // other limiters of this JVM (other tests) may count in the gauge too: compare with before
            double before = fallbackGauge(management);
            redis.stop();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> during = Fixtures.chat(http, key);
                assertThat(during.body(), during.statusCode(), is(200));
                assertThat(during.headers().firstValue("x-ratelimit-limit-requests").orElse(null), is("1000"));
            }
            assertThat(fallbackGauge(management), is(before + 1));

            redis.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!redis.cli("EXISTS", "novai:{" + key.id() + "}:rpm").equals("1")
                    && System.nanoTime() < deadline) {
                assertThat(Fixtures.chat(http, key).statusCode(), is(200));
                Thread.sleep(50);
            }
            assertThat("admissions reach the restarted Redis",
                       redis.cli("EXISTS", "novai:{" + key.id() + "}:rpm"), is("1"));
            assertThat(fallbackGauge(management), is(before));

            Keys small = Keys.create(http, "{\"name\":\"after-outage\",\"rpm_limit\":2}");
            assertThat(Fixtures.chat(http, small).statusCode(), is(200));
            assertThat(Fixtures.chat(http, small).statusCode(), is(200));
            HttpResponse<String> refused = Fixtures.chat(http, small);
            assertThat(refused.statusCode(), is(429));
            assertThat(json(refused).path("error").path("code").asText(), is("rate_limit_exceeded"));
        }
    }

    // the sample of the gauge in the Prometheus text, e.g. novai_ratelimit_redis_fallback_active{scope="application",} 1.0
    private static double fallbackGauge(Http http) {
        String metrics = http.send(http.request("/observe/metrics").header("Accept", "text/plain").GET().build()).body();
        return metrics.lines()
                .filter(line -> line.startsWith("novai_ratelimit_redis_fallback_active{")
                        || line.startsWith("novai_ratelimit_redis_fallback_active "))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no fallback gauge in " + metrics));
    }
}
