package ai.novai.inference.providers.bedrock;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.novai.common.models.ProviderEntry;
import ai.novai.inference.providers.ChatTranslator;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.EventStreamTranslation;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.inference.providers.ProviderFeatures;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.upstream.UpstreamJson;
import ai.novai.upstream.UpstreamRequest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The translator of a provider of type {@code bedrock}: AWS Bedrock's Converse API,
 * {@code POST {base-url}/model/{modelId}/converse} (or {@code /converse-stream}, which answers in AWS event-stream
 * framing), signed with AWS Signature Version 4 for the provider's {@code region} with credentials read from the
 * environment at call time (see {@link BedrockSettings}, {@link AwsCredentialVariables}). The body is written by
 * {@link BedrockRequestWriter}, the answer read by {@link BedrockResponseReader}, a stream by
 * {@link BedrockStreamTranslator}; Bedrock's error bodies ({@code {"message": ...}}) and statuses are classified by
 * the upstream layer like everybody else's.
 */
public final class BedrockTranslator implements ChatTranslator {

    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final String providerName;
    private final BedrockSettings settings;
    private final SigV4Signer signer;

    /**
     * The translator of one provider entry.
     *
     * @throws IllegalStateException when the entry has no usable {@code region} or {@code base-url}
     */
    public BedrockTranslator(ProviderEntry provider) {
        this(provider, Clock.systemUTC());
    }

    /** The translator, signing with the time of this clock (tests fix it). */
    BedrockTranslator(ProviderEntry provider, Clock clock) {
        this.providerName = provider.name();
        this.settings = BedrockSettings.of(provider);
        this.signer = new SigV4Signer(SigV4Signer.BEDROCK, settings.region(), clock);
    }

    // Converse returns neither log probabilities nor several choices
    @Override
    public ProviderFeatures features() {
        return ProviderFeatures.NONE;
    }

    /**
     * The signed request; the signature needs the credentials, so a call without them fails here.
     *
     * @throws ai.novai.upstream.UpstreamFailure AUTHENTICATION when a credential variable is not set
     */
    @Override
    public UpstreamRequest request(ProviderCall call, boolean stream) {
        byte[] body = UpstreamJson.bytes(BedrockRequestWriter.write(call));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", stream ? EVENT_STREAM : "application/json");
        return signer.sign(settings.operation(call.deployment().upstreamModel(), stream), headers, body,
                           settings.credentials().resolve(call.environment(), providerName));
    }

    @Override
    public ChatCompletion completion(JsonNode body, ProviderCall call) {
        return BedrockResponseReader.completion(body, call, providerName);
    }

    @Override
    public EventStreamTranslation stream(ProviderCall call, ChunkSink sink) {
        return new BedrockStreamTranslator(call, sink, providerName);
    }
}
