package ai.novai.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.novai.common.grpc.BackendError;
import ai.novai.common.server.GrpcBackendServer;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.proto.embedding.v1.EmbedRequest;
import ai.novai.proto.embedding.v1.EmbeddingServiceGrpc;
import ai.novai.proto.embedding.v1.TokenIds;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * A started embedding service and a plain grpc-java channel to it, as the gateway would call it.
 */
final class TestBackend implements AutoCloseable {

    private final GrpcBackendServer server;
    private final ManagedChannel channel;

    private TestBackend(GrpcBackendServer server) {
        this.server = server;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    /** The service on the built-in registry and a random port, with extra settings. */
    static TestBackend start(Map<String, String> settings, Map<String, String> environment) {
        return new TestBackend(EmbeddingMain.start(config(settings), environment));
    }

    /** The service wrapped around a running server. */
    static TestBackend of(GrpcBackendServer server) {
        return new TestBackend(server);
    }

    /** Configuration on a random local port, with extra settings. */
    static Config config(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        return Config.just(ConfigSources.create(config));
    }

    /** A model registry written to a temporary file, as {@code models.registry}. */
    static Map<String, String> registry(String yaml) {
        try {
            Path file = Files.createTempFile("novai-registry-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            return Map.of("models.registry", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EmbeddingServiceGrpc.EmbeddingServiceBlockingStub blocking() {
        return EmbeddingServiceGrpc.newBlockingStub(channel);
    }

    EmbeddingServiceGrpc.EmbeddingServiceStub async() {
        return EmbeddingServiceGrpc.newStub(channel);
    }

    ManagedChannel channel() {
        return channel;
    }

    int port() {
        return server.port();
    }

    /** A request for these texts. */
    static EmbedRequest.Builder texts(String model, String... texts) {
        EmbedRequest.Builder request = EmbedRequest.newBuilder().setModel(model);
        for (String text : texts) {
            request.addInputs(EmbedInput.newBuilder().setText(text));
        }
        return request;
    }

    /** An input of token ids. */
    static EmbedInput tokens(int... ids) {
        TokenIds.Builder tokens = TokenIds.newBuilder();
        for (int id : ids) {
            tokens.addIds(id);
        }
        return EmbedInput.newBuilder().setTokens(tokens).build();
    }

    /** The NovAI error a failed call carries; fails when it carries none. */
    static BackendError error(StatusRuntimeException failure) {
        return BackendError.from(failure).orElseThrow(() -> new AssertionError("no BackendError in " + failure));
    }

    /** A response's vector as an array. */
    static float[] vector(ai.novai.proto.embedding.v1.Embedding embedding) {
        float[] vector = new float[embedding.getValuesCount()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = embedding.getValues(i);
        }
        return vector;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }
}
