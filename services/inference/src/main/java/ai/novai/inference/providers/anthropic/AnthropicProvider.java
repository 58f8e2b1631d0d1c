package ai.novai.inference.providers.anthropic;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
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
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The adapter of a provider of type {@code anthropic}: calls {@code POST {base-url}/v1/messages} with the
 * provider's key in {@code x-api-key} and the API version in {@code anthropic-version} (provider setting
 * {@code anthropic-version}, default {@value #DEFAULT_VERSION}).
 * <p>
 * The translation lives in {@link AnthropicRequestWriter}, {@link AnthropicResponseReader} and
 * {@link AnthropicStreamTranslator}; this class does the HTTP: sending, error statuses (through
 * {@link UpstreamErrors}, which reads Anthropic's error bodies; 529 {@code overloaded_error} counts as a
 * server error), reading bodies, and aborting the upstream request when the caller cancels.
 */
public final class AnthropicProvider implements ChatProvider {

    /** The API version sent when the provider entry names none. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private final String providerName;
    private final URI endpoint;
    private final String version;
    private final UpstreamHttp http;

    /**
     * The adapter of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code base-url}: better at start-up than
     *                               at the first request
     */
    public AnthropicProvider(ProviderEntry provider) {
        this.providerName = provider.name();
        this.endpoint = endpoint(provider);
        this.version = provider.settings().get("anthropic-version").asString()
                .filter(value -> !value.isBlank())
                .orElse(DEFAULT_VERSION);
        this.http = UpstreamHttp.create(provider);
    }

    // {base-url}/v1/messages; a base URL that already ends in /v1 is accepted too.
    private static URI endpoint(ProviderEntry provider) {
        String base = provider.baseUrl().map(String::strip).filter(url -> !url.isEmpty())
                .orElseThrow(() -> new IllegalStateException("provider " + provider.name()
                                                                     + " (anthropic) has no base-url"));
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = base.endsWith("/v1") ? "/messages" : "/v1/messages";
        try {
            URI uri = new URI(base + path);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(base, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("provider " + provider.name() + " has an invalid base-url " + base, e);
        }
    }

    // Anthropic's Messages API has neither logprobs nor n
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.NONE;
    }

    @Override
    public ChatCompletion complete(ProviderCall call) {
        UpstreamResponse response = send(call, false);
        byte[] body;
        try (InputStream in = response.body();
             CancelSignal.Registration ignored = call.cancel().onCancel(() -> closeQuietly(in))) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw brokenOff(call, e);
        }
        if (call.cancel().isCancelled()) {
            throw new CallCancelled();
        }
        JsonNode message = AnthropicJson.parseUpstream(body, providerName);
        return AnthropicResponseReader.completion(message, call, providerName);
    }

    @Override
    public void stream(ProviderCall call, ChunkSink sink) {
        UpstreamResponse response = send(call, true);
        try (SseReader reader = new SseReader(response.body(), http.readTimeout());
             CancelSignal.Registration ignored = call.cancel().onCancel(reader::close)) {
            AnthropicStreamTranslator translator = new AnthropicStreamTranslator(call, sink, providerName);
            while (true) {
                Optional<SseReader.Event> event = next(reader, call);
                if (event.isEmpty()) {
                    throw new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN,
                                              providerName + " ended the stream before message_stop");
                }
                if (translator.accept(event.get())) {
                    return;
                }
            }
        }
    }

    // A read that fails or ends because the caller cancelled is reported as the cancellation it is.
    private Optional<SseReader.Event> next(SseReader reader, ProviderCall call) {
        try {
            Optional<SseReader.Event> event = reader.next();
            if (call.cancel().isCancelled()) {
                throw new CallCancelled();
            }
            return event;
        } catch (ProviderFailure e) {
            if (call.cancel().isCancelled()) {
                throw new CallCancelled();
            }
            throw e;
        }
    }

    /** Sends the request; returns a 2xx response with its body to read, or throws the upstream's error. */
    private UpstreamResponse send(ProviderCall call, boolean stream) {
        byte[] body = AnthropicJson.write(AnthropicRequestWriter.write(call, stream))
                .getBytes(StandardCharsets.UTF_8);
        UpstreamRequest request = UpstreamRequest.post(endpoint, body)
                .header("content-type", "application/json")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .header("anthropic-version", version);
        call.apiKey().ifPresent(key -> request.header("x-api-key", key));
        if (!call.request().getRequestId().isBlank()) {
            request.header("X-Request-Id", call.request().getRequestId());
        }
        UpstreamResponse response;
        try {
            response = http.send(request, call.cancel());
        } catch (ProviderFailure e) {
            // the JDK reports a cancelled exchange in more than one way; whichever it was, the caller left
            if (call.cancel().isCancelled()) {
                throw new CallCancelled();
            }
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            throw UpstreamErrors.of(response, providerName);
        }
        return response;
    }

    private RuntimeException brokenOff(ProviderCall call, IOException e) {
        if (call.cancel().isCancelled()) {
            return new CallCancelled();
        }
        return new ProviderFailure(ProviderFailure.Kind.STREAM_BROKEN,
                                   providerName + " broke off the response: " + e.getMessage(), Optional.empty(), e);
    }


    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the exchange is being abandoned either way
        }
    }
}
