package ai.novai.gateway.embeddings;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.RequestIds;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.proto.embedding.v1.EmbedResponse;
import io.grpc.StatusRuntimeException;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/embeddings}: validated here, embedded by the embedding service over gRPC
 * ({@code Embed}, with the {@code novai.embeddings.deadline}), answered as OpenAI does.
 */
public final class EmbeddingsService implements HttpService {

    private final BackendChannels backends;
    private final Duration deadline;

    public EmbeddingsService(BackendChannels backends, Config embeddings) {
        this.backends = backends;
        this.deadline = embeddings.get("deadline").as(Duration.class).orElse(Duration.ofSeconds(60));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    private void create(ServerRequest request, ServerResponse response) {
        EmbeddingRequestParser.Parsed parsed = EmbeddingRequestParser.parse(Json.readObject(request),
                                                                            RequestIds.of(request));
        EmbedResponse embedded;
        try {
            embedded = backends.embedding()
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .embed(parsed.request());
        } catch (StatusRuntimeException e) {
            throw GrpcToHttpErrors.toApiException("embedding", e);
        }
        GatewayMetrics.get().embeddingUsage(embedded.getModel(), "default", embedded.getUsage().getPromptTokens());
        Json.send(response, Status.OK_200, EmbeddingJson.response(embedded, parsed.base64()));
    }
}
