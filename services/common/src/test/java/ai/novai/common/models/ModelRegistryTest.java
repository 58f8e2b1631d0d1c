package ai.novai.common.models;

import java.util.List;
import java.util.Map;

import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.common.v1.ModelKind;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelRegistryTest {

    private static final ModelRegistry REGISTRY = ModelRegistry.parse(
            Config.just(ConfigSources.classpath("test-registry.yaml")));

    @Test
    void offersOnlyModelsWhoseProviderHasCredentials() {
        assertThat(ids(REGISTRY.offered(ModelKind.MODEL_KIND_CHAT, Map.of())), contains("free-chat", "spread-chat"));
        assertThat(ids(REGISTRY.offered(ModelKind.MODEL_KIND_CHAT, Map.of("TEST_PROVIDER_KEY", " "))),
                   contains("free-chat", "spread-chat"));
        assertThat(ids(REGISTRY.offered(ModelKind.MODEL_KIND_CHAT, Map.of("TEST_PROVIDER_KEY", "sk-x"))),
                   contains("free-chat", "paid-chat", "spread-chat"));
        assertThat(REGISTRY.offered(ModelKind.MODEL_KIND_EMBEDDING, Map.of()), is(empty()));
        assertThat(ids(REGISTRY.offered(ModelKind.MODEL_KIND_EMBEDDING, Map.of("TEST_PROVIDER_KEY", "sk-x"))),
                   contains("vectors"));
    }

    @Test
    void findsModelsByIdAndAlias() {
        assertThat(REGISTRY.find("free").orElseThrow().id(), is("free-chat"));
        assertThat(REGISTRY.find("chat-latest").orElseThrow().id(), is("free-chat"));
        assertThat(REGISTRY.find("paid-chat").orElseThrow().deployments().getFirst().upstreamModel(), is("paid-chat-2025-01-01"));
        assertThat(REGISTRY.find("unknown").isPresent(), is(false));
    }

    @Test
    void publishesEntriesWithExactPrices() {
        ModelInfo paid = REGISTRY.find("paid-chat").orElseThrow().toProto();

        assertThat(paid.getOwnedBy(), is("upstream"));
        assertThat(paid.getCreated(), is(1700000000L));
        assertThat(paid.getPricing().getInputMicroUsdPerMillionTokens(), is(150_000L));
        assertThat(paid.getPricing().getOutputMicroUsdPerMillionTokens(), is(600_000L));
        assertThat(REGISTRY.find("vectors").orElseThrow().toProto().getEmbeddingDimensions(), is(1536));
        assertThat(REGISTRY.find("free").orElseThrow().toProto().getAliasesList(), contains("free", "chat-latest"));
    }

    @Test
    void batchPricesAreTheRegistrysDiscountUnlessAModelSaysOtherwise() {
        ModelRegistry registry = ModelRegistry.parse(Config.just(ConfigSources.create(
                "batch-discount-percent: 40\nproviders: {a: {type: echo}}\nmodels: ["
                        + "{id: x, provider: a, price: {input-usd-per-million: \"0.15\", output-usd-per-million: \"0.6\"}},"
                        + "{id: y, provider: a, price: {input-usd-per-million: \"1\", batch-discount-percent: 0}},"
                        + "{id: z, provider: a, price: {input-usd-per-million: \"1\", batch-input-usd-per-million: "
                        + "\"0.3\", batch-output-usd-per-million: \"0.7\"}}]",
                io.helidon.common.media.type.MediaTypes.APPLICATION_YAML)));

        assertThat(registry.find("x").orElseThrow().toProto().getPricing().getBatch().getInputMicroUsdPerMillionTokens(),
                   is(90_000L));
        assertThat(registry.find("x").orElseThrow().batchPrice(), is(new Price(90_000, 360_000)));
        assertThat(registry.find("y").orElseThrow().batchPrice(), is(new Price(1_000_000, 0)));
        assertThat(registry.find("z").orElseThrow().batchPrice(), is(new Price(300_000, 700_000)));
        assertThat(REGISTRY.find("paid-chat").orElseThrow().batchPrice(), is(new Price(75_000, 300_000)));
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: a, price: {input-usd-per-million: \"0.000001\"}}]",
                       "batch prices cannot be derived exactly");
    }

    @Test
    void modelsHaveWeightedDeploymentsAndFallbacks() {
        ModelEntry spread = REGISTRY.find("spread-chat").orElseThrow();

        assertThat(spread.deployments(), contains(new Deployment("keyed", "spread-a", 3),
                                                  new Deployment("echo", "spread-chat", 1)));
        assertThat(spread.fallbacks(), contains("free"));
        assertThat(ids(REGISTRY.fallbacks(spread)), contains("free-chat"));
        assertThat(REGISTRY.usableDeployments(spread, Map.of()), contains(new Deployment("echo", "spread-chat", 1)));
        assertThat(REGISTRY.find("free-chat").orElseThrow().deployments(),
                   contains(new Deployment("echo", "free-chat", 1)));
    }

    @Test
    void theBuiltInRegistryOffersTheZeroConfigurationModels() {
        ModelRegistry builtIn = ModelRegistry.load(Config.empty());

        assertThat(ids(builtIn.offered(ModelKind.MODEL_KIND_CHAT, Map.of())), contains("novai-echo"));
        assertThat(ids(builtIn.offered(ModelKind.MODEL_KIND_EMBEDDING, Map.of())), contains("all-minilm-l6-v2"));
    }

    @Test
    void rejectsABrokenRegistryAtLoadTime() {
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: a}, {id: y, provider: a, aliases: [x]}]",
                       "used by both x and y");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: b}]", "unknown provider b");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: a, kind: audio}]", "unknown kind audio");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{provider: a}]", "has no id");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: a, fallbacks: [y]}]", "falls back to y");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, deployments: [{provider: a, weight: 0}]}]",
                       "weight must be at least 1");
        assertRejected("providers: {a: {type: echo}}\nmodels: [{id: x, provider: a, price: {input-usd-per-million: \"0.0000001\"}}]",
                       "at most 6 decimals");
        assertRejected("providers: {a: {type: gpt}}\nmodels: []",
                       "providers.a.type: must be one of echo, openai, anthropic, gemini, bedrock, local-onnx, was 'gpt'");
        // without a type, a provider is of the type it is named after
        assertRejected("providers: {openia: {}}\nmodels: []",
                       "providers.openia.type: must be one of echo, openai, anthropic, gemini, bedrock, local-onnx, was 'openia'");
        IllegalStateException missingFile = assertThrows(IllegalStateException.class, () -> ModelRegistry.load(
                Config.just(ConfigSources.create(Map.of("models.registry", "/no/such/registry.yaml")))));
        assertThat(missingFile.getMessage(), containsString("/no/such/registry.yaml"));
    }

    private static void assertRejected(String yaml, String message) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ModelRegistry.parse(
                Config.just(ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_YAML))));
        assertThat(e.getMessage(), containsString(message));
    }

    private static List<String> ids(List<ModelEntry> models) {
        return models.stream().map(ModelEntry::id).toList();
    }
}
