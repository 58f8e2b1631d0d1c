package ai.novai.gateway.limits;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import ai.novai.gateway.testing.Http;
import ai.novai.gateway.testing.Keys;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.RedisServer;
import ai.novai.inference.fakes.TcpRelay;
import org.junit.jupiter.api.Test;

import static ai.novai.gateway.testing.Http.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Redis slow, every command 300 ms late against a timeout of 250 ms (issue 12): requests are admitted within the
 * timeout by the configured policy, never stuck behind Redis — fail-open serves them, fail-closed refuses them
 * with 503, both at once.
 */
class RedisSlowEndToEndTest {


    @Test
    void aSlowRedisDelaysNoRequestBeyondTheTimeoutOpenOrClosed() throws Exception {
        for (String policy : new String[] {"open", "closed"}) {
            try (RedisServer redis = new RedisServer().start();
                 TcpRelay slow = TcpRelay.to(redis.port()).delayRequests(Duration.ofMillis(300));
                 NovaiCluster cluster = NovaiCluster.start(NovaiCluster.registry(Fixtures.ECHO_REGISTRY), Map.of(), Map.of(
                         "novai.redis.url", "redis://127.0.0.1:" + slow.port(),
                         "novai.redis.timeout", "PT0.25S",
                         "novai.limits.redis-failure", policy))) {
                Http http = new Http(cluster.gatewayPort());
                Keys key = Keys.create(http, "{\"name\":\"slow-redis-" + policy + "\",\"rpm_limit\":1000}");
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = Fixtures.chat(http, key);
                    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    assertThat(policy + ": request " + i + " took " + millis + " ms", millis, lessThan(1_000L));
                    if (policy.equals("open")) {
                        assertThat(answer.body(), answer.statusCode(), is(200));
                    } else {
                        assertThat(answer.body(), answer.statusCode(), is(503));
                        assertThat(json(answer).path("error").path("code").asText(), is("rate_limiter_unavailable"));
                    }
                }
            }
        }
    }
}
