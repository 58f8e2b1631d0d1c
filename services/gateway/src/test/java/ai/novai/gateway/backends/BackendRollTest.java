package ai.novai.gateway.backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * A rolling restart of the inference replicas under load costs the clients nothing: each replica in turn drains
 * (SIGTERM's path: NOT_SERVING, new calls refused, calls in flight finish) and a new one starts on its port,
 * while four clients send chat completions, whole and streamed, through one gateway balancing over both.
 */
class BackendRollTest {

    private static final String CHAT = "{\"model\":\"novai-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
    // an echo paced to take about three seconds: a stream in flight on the replica that drains
    private static final String REGISTRY = """
            providers:
              echo: { type: echo, pace: PT0.001S }
              slow-echo: { type: echo, pace: PT0.3S }
            models:
              - { id: novai-echo, kind: chat, provider: echo }
              - { id: slow-echo, kind: chat, provider: slow-echo }
            """;
    private static final String SLOW = "{\"model\":\"slow-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"one two three four five six seven eight\"}]}";

    @Test
    void rollingTheInferenceReplicasUnderLoadFailsNoRequest() throws Exception {
        Map<String, String> registry = NovaiCluster.registry(REGISTRY);
        GrpcBackendServer first = InferenceMain.start(NovaiCluster.backendConfig(registry));
        GrpcBackendServer second = InferenceMain.start(NovaiCluster.backendConfig(registry));
        GrpcBackendServer embedding = EmbeddingMain.start(NovaiCluster.backendConfig());
        // (the drain deadline is the default 30 s: the slow streams finish within it)
        int firstPort = first.port();
        int secondPort = second.port();
        Path data = Files.createTempDirectory("novai-roll-");
        List<GrpcBackendServer> replicas = new ArrayList<>(List.of(first, second));
        try (RunningGateway gateway = GatewayMain.start(NovaiCluster.gatewayConfig(data, 0, embedding.port(), Map.of(
                "novai.backends.inference.target", StaticAddresses.target("rolled-inference", firstPort, secondPort))))) {
            ChatLoad load = ChatLoad.start(gateway.port(), List.of(CHAT + "}", CHAT + ",\"stream\":true}",
                                                                   CHAT + "}", CHAT + ",\"stream\":true}"));
            try (load) {
                Thread.sleep(1_000);
                for (int replica = 0; replica < 2; replica++) {
                    // slow streams in flight, on both replicas: the drain waits for them, seconds long
                    for (int i = 0; i < 4; i++) {
                        load.once(SLOW);
                    }
                    Thread.sleep(300);
                    int port = replica == 0 ? firstPort : secondPort;
                    replicas.get(replica).shutdown();
                    Map<String, String> again = new HashMap<>(registry);
                    again.put("server.host", "127.0.0.1");
                    again.put("server.port", Integer.toString(port));
                    replicas.set(replica, InferenceMain.start(Config.just(ConfigSources.create(again))));
                    Thread.sleep(1_500);
                }
            }
            assertThat("requests served", load.served(), greaterThan(100));
            assertThat(load.failures().size() + " requests failed of " + (load.served() + load.failures().size())
                               + ", e.g. " + load.failures().stream().limit(3).toList(), load.failures().size(), is(0));
        } finally {
            replicas.forEach(GrpcBackendServer::close);
            embedding.close();
        }
    }
}
