package ai.novai.embedding.openai;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import ai.novai.common.models.ProviderEntry;
import ai.novai.common.tokens.TokenCounter;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingErrors;
import ai.novai.embedding.providers.EmbeddingProvider;
import ai.novai.embedding.providers.EmbeddingResult;
import ai.novai.proto.embedding.v1.EmbedInput;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The adapter for every upstream that speaks OpenAI's embeddings API: OpenAI itself, Azure OpenAI (with
 * {@code auth-header: api-key} and {@code query: {api-version: ...}}) and OpenAI-compatible servers (vLLM,
 * Ollama, TEI, ...). A call is one upstream request whatever its size: the upstream batches by itself,
 * so there is no local batcher here. Token ids are passed through (they are in the upstream's
 * vocabulary), and so is {@code dimensions}.
 */
public final class OpenAiEmbeddingProvider implements EmbeddingProvider {

    private static final System.Logger LOGGER = System.getLogger(OpenAiEmbeddingProvider.class.getName());

    private final String providerName;
    private final OpenAiEmbeddingSettings settings;
    private final UpstreamHttp http;

    /**
     * The adapter of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url} or a bad setting
     */
    public OpenAiEmbeddingProvider(ProviderEntry provider) {
        this.providerName = provider.name();
        this.settings = OpenAiEmbeddingSettings.of(provider);
        this.http = UpstreamHttp.create(provider);
    }

    @Override
    public EmbeddingResult embed(EmbeddingCall call) {
        List<EmbedInput> inputs = call.inputs();
        boolean tokens = inputs.getFirst().hasTokens();
        if (inputs.stream().anyMatch(input -> input.hasTokens() != tokens)) {
            throw EmbeddingErrors.mixedInputs();
        }
        HttpResponse<InputStream> response = http.send(request(call), call.cancel());
        if (response.statusCode() / 100 != 2) {
            throw UpstreamErrors.of(response, providerName);
        }
        EmbeddingsJson.Answer answer = read(response, call);
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

    private HttpRequest.Builder request(EmbeddingCall call) {
        byte[] body = EmbeddingsJson.request(call.deployment().upstreamModel(), call.inputs(), call.dimensions(),
                                             call.user());
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        settings.headers().forEach(request::setHeader);
        call.apiKey().ifPresent(key -> request.setHeader(settings.authHeader(),
                                                         settings.bearer() ? "Bearer " + key : key));
        if (!call.requestId().isEmpty()) {
            request.setHeader("X-Request-Id", call.requestId());
        }
        return request;
    }

    // A cancel while the body streams in closes it, which ends the read at once.
    private EmbeddingsJson.Answer read(HttpResponse<InputStream> response, EmbeddingCall call) {
        CancelSignal cancel = call.cancel();
        try (InputStream body = response.body();
             CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(body))) {
            return EmbeddingsJson.response(body, call.inputs().size());
        } catch (JsonProcessingException e) {
            if (cancel.isCancelled()) {
                throw EmbeddingErrors.cancelled();
            }
            LOGGER.log(System.Logger.Level.WARNING, providerName + " answered malformed JSON: "
                    + e.getOriginalMessage());
            throw EmbeddingErrors.providerUnavailable();
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw EmbeddingErrors.cancelled();
            }
            LOGGER.log(System.Logger.Level.WARNING, "the connection to " + providerName
                    + " broke while reading the response: " + e);
            throw EmbeddingErrors.providerUnavailable();
        }
    }

    // An upstream that reports no usage: text counted with OpenAI's tokenizer, token ids as they are.
    private static int estimateTokens(List<EmbedInput> inputs) {
        return inputs.stream()
                .mapToInt(input -> input.hasTokens() ? input.getTokens().getIdsCount()
                        : TokenCounter.count(input.getText()))
                .sum();
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
