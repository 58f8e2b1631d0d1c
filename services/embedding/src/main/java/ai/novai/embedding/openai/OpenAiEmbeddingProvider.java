package ai.novai.embedding.openai;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import ai.novai.common.models.ProviderEntry;
import ai.novai.common.tokens.TokenCounter;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingErrors;
import ai.novai.embedding.providers.EmbeddingProvider;
import ai.novai.embedding.providers.EmbeddingResult;
import ai.novai.proto.embedding.v1.EmbedInput;
import ai.novai.upstream.ProviderHeaders;
import ai.novai.upstream.UpstreamClient;
import ai.novai.upstream.UpstreamException;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRequest;
import ai.novai.upstream.UpstreamResponse;

/**
 * The adapter for every upstream that speaks OpenAI's embeddings API: OpenAI itself, Azure OpenAI (with
 * {@code auth-header: api-key} and {@code query: {api-version: ...}}) and OpenAI-compatible servers (vLLM,
 * Ollama, TEI, ...), called through the shared upstream layer with the same settings as the chat translators
 * ({@link ProviderHeaders}, timeouts). A call is one upstream request whatever its size: the upstream batches by
 * itself, so there is no local batcher here. Token ids are passed through (they are in the upstream's
 * vocabulary), and so is {@code dimensions}.
 */
public final class OpenAiEmbeddingProvider implements EmbeddingProvider {

    private static final System.Logger LOGGER = System.getLogger(OpenAiEmbeddingProvider.class.getName());

    private final String providerName;
    private final URI endpoint;
    private final ProviderHeaders headers;
    private final UpstreamClient client;

    /**
     * The adapter of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url} or a bad setting
     */
    public OpenAiEmbeddingProvider(ProviderEntry provider) {
        this.providerName = provider.name();
        this.endpoint = provider.endpoint("/embeddings");
        this.headers = ProviderHeaders.of(provider);
        this.client = UpstreamClient.create(provider);
    }

    @Override
    public EmbeddingResult embed(EmbeddingCall call) {
        List<EmbedInput> inputs = call.inputs();
        boolean tokens = inputs.getFirst().hasTokens();
        if (inputs.stream().anyMatch(input -> input.hasTokens() != tokens)) {
            throw EmbeddingErrors.mixedInputs();
        }
        EmbeddingsJson.Answer answer;
        try {
            UpstreamResponse response = client.send(request(call), call.cancel());
            answer = client.read(response, call.cancel(), body -> EmbeddingsJson.response(body, inputs.size()));
        } catch (UpstreamException e) {
            log(e);
            throw EmbeddingErrors.of(e);
        }
        for (int i = 0; i < answer.vectors().length; i++) {
            if (answer.vectors()[i] == null) {
                LOGGER.log(System.Logger.Level.WARNING, providerName + " answered no embedding for input " + i
                        + " of " + inputs.size());
                throw EmbeddingErrors.providerUnavailable();
            }
        }
        int promptTokens = answer.promptTokens().orElseGet(() -> estimateTokens(inputs));
        return new EmbeddingResult(Arrays.asList(answer.vectors()), promptTokens);
    }

    private UpstreamRequest request(EmbeddingCall call) {
        byte[] body = EmbeddingsJson.request(call.deployment().upstreamModel(), call.inputs(), call.dimensions(),
                                             call.user());
        UpstreamRequest request = UpstreamRequest.post(endpoint, body)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.applyTo(request, call.apiKey());
        if (!call.requestId().isEmpty()) {
            request.header("X-Request-Id", call.requestId());
        }
        return request;
    }

    // The client gets a generic message; what the provider said goes to the operator's log.
    private void log(UpstreamException e) {
        if (e instanceof UpstreamFailure failure) {
            System.Logger.Level level = failure.kind() == UpstreamFailure.Kind.AUTHENTICATION
                    ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
            LOGGER.log(level, failure.getMessage());
        }
    }

    // An upstream that reports no usage: text counted with OpenAI's tokenizer, token ids as they are.
    private static int estimateTokens(List<EmbedInput> inputs) {
        return inputs.stream()
                .mapToInt(input -> input.hasTokens() ? input.getTokens().getIdsCount()
                        : TokenCounter.count(input.getText()))
                .sum();
    }

    @Override
    public void close() {
        // the client's connections close with the process; nothing is held per provider beyond them
    }
}
