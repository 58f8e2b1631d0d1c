package ai.novai.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ai.novai.common.server.GrpcBackendServer;
import ai.novai.inference.fakes.FakeOpenAiUpstream;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** An inference service on a free loopback port serving one model from a fake OpenAI upstream. */
final class OneModelInference {

    private OneModelInference() {
    }

    /**
     * A fake upstream, the inference service serving one model from it, and a plaintext channel to the service, as a
     * test class holds them from its first test to its last.
     */
    record Connected(FakeOpenAiUpstream upstream, GrpcBackendServer server, ManagedChannel channel)
            implements AutoCloseable {

        @Override
        public void close() {
            channel.shutdownNow();
            server.close();
            upstream.close();
        }
    }

    /**
     * Starts a fake upstream, the service and a channel to it.
     *
     * @param model    the model's id
     * @param settings more configuration, e.g. {@code server.http2.*}
     */
    static Connected connected(String model, Map<String, String> settings) throws IOException {
        FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
        GrpcBackendServer server = start(upstream, model, settings);
        return new Connected(upstream, server,
                             NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
    }

    /**
     * @param upstream the model's provider
     * @param model    the model's id
     * @param settings more configuration, e.g. {@code server.http2.*}
     */
    static GrpcBackendServer start(FakeOpenAiUpstream upstream, String model, Map<String, String> settings)
            throws IOException {
        Path registry = Files.createTempFile("novai-registry-", ".yaml");
        Files.writeString(registry, """
                providers:
                  fake: { type: openai, base-url: "%s", api-key-env: FAKE_KEY }
                models:
                  - { id: %s, provider: fake, upstream-model: gpt-fake }
                """.formatted(upstream.baseUrl(), model));
        Map<String, String> config = new HashMap<>(settings);
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("models.registry", registry.toString());
        return InferenceMain.start(Config.just(ConfigSources.create(config)), Map.of("FAKE_KEY", "sk-fake"));
    }
}
