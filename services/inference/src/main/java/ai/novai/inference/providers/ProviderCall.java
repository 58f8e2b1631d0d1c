package ai.novai.inference.providers;

import java.util.Map;
import java.util.Optional;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.common.models.ProviderEntry;
import ai.novai.proto.inference.v1.ChatRequest;

/**
 * One call to one deployment.
 *
 * @param request     the chat request as the gateway sent it ({@code model} is NovAI's public id)
 * @param model       the registry entry being served (after aliases and fallbacks)
 * @param deployment  the deployment called; its {@code upstreamModel} is what the upstream is asked for
 * @param provider    the provider's registry entry (base URL, settings)
 * @param apiKey      the provider's key, when it has one
 * @param cancel      signals that the caller went away; adapters abort their upstream request on it
 * @param environment the service's environment, read at call time by adapters whose credentials are more than
 *                    one key (Bedrock's AWS access key, secret and session token, in variables its settings name)
 */
public record ProviderCall(ChatRequest request,
                           ModelEntry model,
                           Deployment deployment,
                           ProviderEntry provider,
                           Optional<String> apiKey,
                           CancelSignal cancel,
                           Map<String, String> environment) {

    public ProviderCall {
        environment = Map.copyOf(environment);
    }

    /** A call to a provider whose only credential is its key (tests of such providers). */
    public ProviderCall(ChatRequest request, ModelEntry model, Deployment deployment, ProviderEntry provider,
                        Optional<String> apiKey, CancelSignal cancel) {
        this(request, model, deployment, provider, apiKey, cancel, Map.of());
    }
}
