package ai.novai.gateway.embeddings;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import ai.novai.common.tokens.TokenCounter;
import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.LedgerStatus;
import ai.novai.gateway.billing.MeteredCall;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.billing.PromptTokens;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.RequestIds;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.proto.embedding.v1.EmbedRequest;
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
    private final Metering metering;
    private final Duration deadline;

    public EmbeddingsService(BackendChannels backends, Metering metering, Config embeddings) {
        this.backends = backends;
        this.metering = metering;
        this.deadline = EmbeddingsSettings.from(embeddings).deadline();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    private void create(ServerRequest request, ServerResponse response) {
        EmbeddingRequestParser.Parsed parsed = EmbeddingRequestParser.parse(Json.readObject(request),
                                                                            RequestIds.of(request));
        EmbedRequest embed = parsed.request();
        MeteredRequest metered = metering.admit(request, response, new MeteredCall(
                "embeddings", embed.getModel(), new PromptTokens(() -> inputTokens(embed)), OptionalLong.empty(),
                false, false));
        try {
            EmbedResponse embedded;
            try {
                embedded = backends.embedding()
                        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .embed(embed);
            } catch (StatusRuntimeException e) {
                throw GrpcToHttpErrors.toApiException("embedding", e);
            }
            metered.bill(embedded.getModel(), Optional.empty(), embedded.getUsage().getPromptTokens(), 0,
                         LedgerStatus.COMPLETED);
            Json.send(response, Status.OK_200, EmbeddingJson.response(embedded, parsed.base64()));
        } finally {
            metered.release();
        }
    }

    // the reservation's estimate: o200k tokens of the texts, the length of pre-tokenised inputs
    public static long inputTokens(EmbedRequest embed) {
        long tokens = 0;
        for (EmbedInput input : embed.getInputsList()) {
            tokens += input.hasTokens() ? input.getTokens().getIdsCount() : TokenCounter.count(input.getText());
        }
        return tokens;
    }
}
