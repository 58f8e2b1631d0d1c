package ai.novai.embedding.providers;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import ai.novai.common.grpc.CancelSignal;
import ai.novai.common.models.Deployment;
import ai.novai.common.models.ModelEntry;
import ai.novai.proto.embedding.v1.EmbedInput;

/**
 * One embedding call to one deployment.
 *
 * @param model      the registry entry served; its {@code id} is what error messages name
 * @param deployment the deployment called; its {@code upstreamModel} is what the adapter runs or asks for
 * @param inputs     the inputs, text or token ids, as the gateway sent them
 * @param dimensions shorten vectors to this size (only for models that support it)
 * @param truncate   cut inputs over the model's limit instead of refusing them
 * @param user       the end user the client named, for the upstream's abuse monitoring; may be empty
 * @param requestId  NovAI's request id, sent upstream for correlation; may be empty
 * @param apiKey     the provider's key, when it has one
 * @param cancel     signals that the caller went away
 */
public record EmbeddingCall(ModelEntry model,
                            Deployment deployment,
                            List<EmbedInput> inputs,
                            OptionalInt dimensions,
                            boolean truncate,
                            String user,
                            String requestId,
                            Optional<String> apiKey,
                            CancelSignal cancel) {

    public EmbeddingCall {
        inputs = List.copyOf(inputs);
    }
}
