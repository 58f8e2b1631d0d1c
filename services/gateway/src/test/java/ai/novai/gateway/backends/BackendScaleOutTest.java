package ai.novai.gateway.backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.embedding.EmbeddingMain;
import ai.novai.gateway.GatewayMain;
import ai.novai.gateway.RunningGateway;
import ai.novai.gateway.testing.ChatLoad;
import ai.novai.gateway.testing.NovaiCluster;
import ai.novai.gateway.testing.StaticAddresses;
import ai.novai.inference.InferenceMain;
import ai.novai.inference.fakes.TcpRelay;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * A replica added while the gateway runs gets calls within the re-resolution period, and going idle to re-resolve
 * costs the calls nothing: two inference replicas serve a steady load, a third appears behind the name (seen
 * through a TCP relay that counts its bytes), the gateway re-resolving every second.
 */
class BackendScaleOutTest {

    private static final String CHAT = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @Test
    void aThirdReplicaReceivesCallsWithinTheReResolvePeriod() throws Exception {
        List<GrpcBackendServer> servers = new ArrayList<>();
        servers.add(InferenceMain.start(NovaiCluster.backendConfig()));
        servers.add(InferenceMain.start(NovaiCluster.backendConfig()));
        servers.add(InferenceMain.start(NovaiCluster.backendConfig()));
        GrpcBackendServer embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
        Path data = Files.createTempDirectory("novai-scale-out-");
        String target = StaticAddresses.target("scaled-inference", servers.get(0).port(), servers.get(1).port());
        try (TcpRelay third = TcpRelay.to(servers.get(2).port());
             RunningGateway gateway = GatewayMain.start(NovaiCluster.gatewayConfig(data, 0, embedding.port(), Map.of(
                     "novai.backends.inference.target", target,
                     "novai.backends.re-resolve-period", "PT1S")))) {
            ChatLoad load = ChatLoad.start(gateway.port(), List.of(CHAT, CHAT));
            try (load) {
                Thread.sleep(1_500);
                assertThat("nothing reaches the third replica before it is named", third.bytesRelayed(), is(0L));

                StaticAddresses.update("scaled-inference", servers.get(0).port(), servers.get(1).port(), third.port());
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (third.bytesRelayed() < 50_000 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
            }
            assertThat("bytes of calls relayed to the third replica", third.bytesRelayed(), greaterThan(50_000L));
            assertThat("requests served", load.served(), greaterThan(100));
            assertThat(load.failures().size() + " requests failed, e.g. " + load.failures().stream().limit(3).toList(),
                       load.failures().size(), is(0));
        } finally {
            servers.forEach(GrpcBackendServer::close);
            embedding.close();
        }
    }
}
