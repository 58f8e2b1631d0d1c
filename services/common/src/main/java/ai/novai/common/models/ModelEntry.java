package ai.novai.common.models;

import java.util.List;

import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.common.v1.BatchPricing;
import ai.novai.proto.common.v1.Pricing;

/**
 * One model of the registry.
 *
 * @param id                  public id clients send as {@code model}
 * @param kind                chat or embedding
 * @param deployments         provider instances serving the model, at least one
 * @param ownedBy             OpenAI's {@code owned_by}
 * @param created             unix seconds, OpenAI's {@code created}
 * @param aliases             other ids that resolve to this model
 * @param contextWindow       tokens of prompt + completion; 0 when unknown
 * @param maxOutputTokens     largest completion (chat) or input (embedding) in tokens; 0 when unknown
 * @param price               price per million tokens
 * @param batchPrice          price per million tokens of requests that run in batches
 * @param embeddingDimensions native vector size of an embedding model, else 0
 * @param supportsDimensions  whether an embedding model can shorten its vectors
 * @param fallbacks           models to try, in order, when every deployment of this one failed
 */
public record ModelEntry(String id,
                         ModelKind kind,
                         List<Deployment> deployments,
                         String ownedBy,
                         long created,
                         List<String> aliases,
                         int contextWindow,
                         int maxOutputTokens,
                         Price price,
                         Price batchPrice,
                         int embeddingDimensions,
                         boolean supportsDimensions,
                         List<String> fallbacks) {

    public ModelEntry {
        aliases = List.copyOf(aliases);
        deployments = List.copyOf(deployments);
        fallbacks = List.copyOf(fallbacks);
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has no deployment");
        }
    }

    /** The provider of the first deployment, which the model is published under. */
    public String provider() {
        return deployments.getFirst().provider();
    }

    /** The entry as backends publish it over gRPC. */
    public ModelInfo toProto() {
        return ModelInfo.newBuilder()
                .setId(id)
                .setKind(kind)
                .setProvider(provider())
                .setOwnedBy(ownedBy)
                .setCreated(created)
                .addAllAliases(aliases)
                .setContextWindow(contextWindow)
                .setMaxOutputTokens(maxOutputTokens)
                .setPricing(Pricing.newBuilder()
                        .setInputMicroUsdPerMillionTokens(price.inputMicroUsdPerMillion())
                        .setOutputMicroUsdPerMillionTokens(price.outputMicroUsdPerMillion())
                        .setBatch(BatchPricing.newBuilder()
                                .setInputMicroUsdPerMillionTokens(batchPrice.inputMicroUsdPerMillion())
                                .setOutputMicroUsdPerMillionTokens(batchPrice.outputMicroUsdPerMillion())))
                .setEmbeddingDimensions(embeddingDimensions)
                .setSupportsDimensions(supportsDimensions)
                .build();
    }
}
