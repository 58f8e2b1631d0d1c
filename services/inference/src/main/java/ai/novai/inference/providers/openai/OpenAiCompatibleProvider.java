package ai.novai.inference.providers.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import ai.novai.common.models.ProviderEntry;
import ai.novai.common.grpc.CancelSignal;
import ai.novai.inference.providers.CallCancelled;
import ai.novai.inference.providers.ChatProvider;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.inference.providers.ProviderFailure;
import ai.novai.inference.providers.http.SseReader;
import ai.novai.inference.providers.http.UpstreamErrors;
import ai.novai.inference.providers.http.UpstreamHttp;
import ai.novai.inference.providers.http.UpstreamRequest;
import ai.novai.inference.providers.http.UpstreamResponse;
import ai.novai.proto.inference.v1.ChatCompletion;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The adapter for every upstream that speaks OpenAI's Chat Completions ({@code POST {base-url}/chat/completions}):
 * OpenAI itself, Azure OpenAI (with {@code auth-header: api-key} and {@code query: {api-version: ...}}),
 * and the OpenAI-compatible servers (vLLM, Ollama, llama.cpp, Groq, Together, DeepSeek, Mistral, ...).
 * One format, many servers: the differences between them are settings of the provider entry (see
 * {@link OpenAiSettings}), not code.
 * <p>
 * A cancelled call aborts its upstream request at any point (the connection is closed, so the upstream
 * stops generating and billing), and a stream counts as complete only when the upstream said so.
 */
public final class OpenAiCompatibleProvider implements ChatProvider {

    private final String providerName;
    private final OpenAiSettings settings;
    private final OpenAiRequestWriter writer;
    private final UpstreamHttp http;

    /**
     * The adapter of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url} or a bad setting
     */
    public OpenAiCompatibleProvider(ProviderEntry provider) {
        this.providerName = provider.name();
        this.settings = OpenAiSettings.of(provider);
        this.writer = new OpenAiRequestWriter(settings.maxTokensField());
        this.http = UpstreamHttp.create(provider);
    }

    // OpenAI's API has both; an OpenAI-compatible server without them answers 400 itself, passed on as such
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.ALL;
    }

    @Override
    public ChatCompletion complete(ProviderCall call) {
        UpstreamResponse response = send(call, false);
        try (InputStream body = response.body();
             CancelSignal.Registration ignored = call.cancel().onCancel(() -> closeQuietly(body))) {
            return OpenAiResponseReader.completion(OpenAiJson.MAPPER.readTree(body), call);
        } catch (JsonProcessingException e) {
            throw call.cancel().isCancelled() ? new CallCancelled() : OpenAiJson.malformed(providerName, e);
        } catch (IOException e) {
            throw call.cancel().isCancelled() ? new CallCancelled()
                    : new ProviderFailure(ProviderFailure.Kind.UNREACHABLE, "the connection to " + providerName
                    + " broke while reading the response: " + e.getMessage(), Optional.empty(), e);
        }
    }

    @Override
    public void stream(ProviderCall call, ChunkSink sink) {
        UpstreamResponse response = send(call, true);
        try (SseReader reader = new SseReader(response.body(), http.readTimeout());
             CancelSignal.Registration ignored = call.cancel().onCancel(reader::close)) {
            new OpenAiStream(call, sink).relay(reader);
        }
    }

    // A successful response, its body still to be read; a failure of a cancelled call is its cancellation,
    // whatever the aborted exchange reported.
    private UpstreamResponse send(ProviderCall call, boolean stream) {
        UpstreamResponse response;
        try {
            response = http.send(request(call, stream), call.cancel());
        } catch (ProviderFailure e) {
            throw call.cancel().isCancelled() ? new CallCancelled() : e;
        }
        if (response.statusCode() / 100 != 2) {
            throw UpstreamErrors.of(response, providerName);
        }
        return response;
    }

    private UpstreamRequest request(ProviderCall call, boolean stream) {
        UpstreamRequest request = UpstreamRequest.post(settings.endpoint(),
                                                       OpenAiJson.bytes(writer.write(call, stream)))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        settings.headers().forEach(request::header);
        call.apiKey().ifPresent(key -> request.header(settings.authHeader(),
                                                      settings.bearer() ? "Bearer " + key : key));
        if (!call.request().getRequestId().isEmpty()) {
            request.header("X-Request-Id", call.request().getRequestId());
        }
        return request;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
