package ai.novai.common.models;

import java.util.List;

import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.common.v1.Pricing;

/**
 * One model of the registry.
 *
 * @param id                  public id clients send as {@code model}
 * @param kind                chat or embedding
 * @param provider            name of the provider (an entry of the registry's {@code providers})
 * @param upstreamModel       the provider's own name for the model
 * @param ownedBy             OpenAI's {@code owned_by}
 * @param created             unix seconds, OpenAI's {@code created}
 * @param aliases             other ids that resolve to this model
 * @param contextWindow       tokens of prompt + completion; 0 when unknown
 * @param maxOutputTokens     largest completion (chat) or input (embedding) in tokens; 0 when unknown
 * @param price               price per million tokens
 * @param embeddingDimensions native vector size of an embedding model, else 0
 * @param supportsDimensions  whether an embedding model can shorten its vectors
 */
public record ModelEntry(String id,
                         ModelKind kind,
                         String provider,
                         String upstreamModel,
                         String ownedBy,
                         long created,
                         List<String> aliases,
                         int contextWindow,
                         int maxOutputTokens,
                         Price price,
                         int embeddingDimensions,
                         boolean supportsDimensions) {

    public ModelEntry {
        aliases = List.copyOf(aliases);
    }

    /** The entry as backends publish it over gRPC. */
    public ModelInfo toProto() {
        return ModelInfo.newBuilder()
                .setId(id)
                .setKind(kind)
                .setProvider(provider)
                .setOwnedBy(ownedBy)
                .setCreated(created)
                .addAllAliases(aliases)
                .setContextWindow(contextWindow)
                .setMaxOutputTokens(maxOutputTokens)
                .setPricing(Pricing.newBuilder()
                        .setInputMicroUsdPerMillionTokens(price.inputMicroUsdPerMillion())
                        .setOutputMicroUsdPerMillionTokens(price.outputMicroUsdPerMillion()))
                .setEmbeddingDimensions(embeddingDimensions)
                .setSupportsDimensions(supportsDimensions)
                .build();
    }
}
