package ai.novai.common.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.novai.proto.common.v1.ListModelsResponse;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.common.config.SettingsNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The model registry: data, not code. One YAML document lists the providers and the models (chat and
 * embedding alike) with their prices and limits; in a cluster it is mounted from a ConfigMap.
 * <p>
 * Configuration: {@code models.registry} (env {@code MODELS_REGISTRY}) is the path of the file; without
 * it the registry built into the service is used ({@value #BUILT_IN}).
 */
public final class ModelRegistry {

    /** Classpath location of the registry used when no file is configured. */
    public static final String BUILT_IN = "ai/novai/models.yaml";
    /** Discount of batch requests when the registry names none (OpenAI's Batch API: 50 %). */
    public static final int DEFAULT_BATCH_DISCOUNT_PERCENT = 50;

    private final Map<String, ProviderEntry> providers;
    private final Map<String, ModelEntry> models;
    private final Map<String, ModelEntry> byIdOrAlias;

    private ModelRegistry(Map<String, ProviderEntry> providers, List<ModelEntry> models) {
        this.providers = Map.copyOf(providers);
        this.models = new LinkedHashMap<>();
        this.byIdOrAlias = new HashMap<>();
        for (ModelEntry model : models) {
            for (Deployment deployment : model.deployments()) {
                if (!providers.containsKey(deployment.provider())) {
                    throw new IllegalStateException("model " + model.id() + " names unknown provider "
                                                            + deployment.provider());
                }
            }
            this.models.put(model.id(), model);
            register(model.id(), model);
            model.aliases().forEach(alias -> register(alias, model));
        }
        for (ModelEntry model : models) {
            for (String fallback : model.fallbacks()) {
                ModelEntry target = byIdOrAlias.get(fallback);
                if (target == null || target.kind() != model.kind() || target == model) {
                    throw new IllegalStateException("model " + model.id() + " falls back to " + fallback
                                                            + ", which is not another model of its kind");
                }
            }
        }
    }

    /** Loads the registry the configuration names, or the built-in one. */
    public static ModelRegistry load(Config config) {
        Optional<String> file = config.get("models.registry").asString().filter(path -> !path.isBlank());
        Config registry = file.map(ModelRegistry::readFile)
                .orElseGet(() -> Config.just(ConfigSources.classpath(BUILT_IN)));
        return parse(registry);
    }

    private static Config readFile(String path) {
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("model registry file not readable: " + path);
        }
        return Config.just(ConfigSources.file(path));
    }

    /** Reads a registry document. */
    public static ModelRegistry parse(Config registry) {
        Map<String, ProviderEntry> providers = new LinkedHashMap<>();
        registry.get("providers").asNodeList().orElse(List.of()).forEach(node -> {
            String name = node.name();
            providers.put(name, new ProviderEntry(
                    name,
                    providerType(node),
                    node.get("base-url").asString().asOptional(),
                    node.get("api-key-env").asString().asOptional(),
                    node));
        });
        int batchDiscount = registry.get("batch-discount-percent").asInt().orElse(DEFAULT_BATCH_DISCOUNT_PERCENT);
        List<ModelEntry> models = registry.get("models").asNodeList().orElse(List.of()).stream()
                .map(node -> modelEntry(node, batchDiscount))
                .toList();
        return new ModelRegistry(providers, models);
    }

    // a provider without a type is of the type it is named after (a provider called openai)
    private static ProviderType providerType(Config provider) {
        Config type = provider.get("type");
        return SettingsNode.parse(type.key().toString(), ProviderType.class,
                                  type.asString().orElse(provider.name()));
    }

    private static ModelEntry modelEntry(Config node, int defaultBatchDiscount) {
        String id = node.get("id").asString().orElseThrow(() -> new IllegalStateException(
                "model registry entry " + node.key() + " has no id"));
        Price price = Price.ofUsd(node.get("price.input-usd-per-million").asString().orElse("0"),
                                  node.get("price.output-usd-per-million").asString().orElse("0"));
        return new ModelEntry(
                id,
                kind(id, node.get("kind").asString().orElse("chat")),
                deployments(id, node),
                node.get("owned-by").asString().orElse("novai"),
                node.get("created").asLong().orElse(0L),
                node.get("aliases").asList(String.class).orElse(List.of()),
                node.get("context-window").asInt().orElse(0),
                node.get("max-output-tokens").asInt().orElse(0),
                price,
                batchPrice(id, node.get("price"), price, defaultBatchDiscount),
                node.get("embedding-dimensions").asInt().orElse(0),
                node.get("supports-dimensions").asBoolean().orElse(false),
                node.get("fallbacks").asList(String.class).orElse(List.of()));
    }

    // Explicit batch prices, or the model's (else the registry's) batch discount applied to its prices.
    private static Price batchPrice(String id, Config price, Price full, int defaultDiscount) {
        Optional<String> input = price.get("batch-input-usd-per-million").asString().asOptional();
        Optional<String> output = price.get("batch-output-usd-per-million").asString().asOptional();
        if (input.isPresent() || output.isPresent()) {
            return Price.ofUsd(input.orElse("0"), output.orElse("0"));
        }
        int percent = price.get("batch-discount-percent").asInt().orElse(defaultDiscount);
        try {
            return full.discounted(percent);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("model " + id + ": its batch prices cannot be derived exactly ("
                                                    + e.getMessage() + "); set price.batch-input-usd-per-million and "
                                                    + "price.batch-output-usd-per-million", e);
        }
    }

    // Either a list of deployments, or the model's own provider and upstream-model as its one deployment.
    private static List<Deployment> deployments(String id, Config node) {
        String upstreamModel = node.get("upstream-model").asString().orElse(id);
        List<Config> listed = node.get("deployments").asNodeList().orElse(List.of());
        if (listed.isEmpty()) {
            return List.of(new Deployment(node.get("provider").asString().orElseThrow(
                    () -> new IllegalStateException("model " + id + " has no provider")), upstreamModel, 1));
        }
        return listed.stream()
                .map(deployment -> new Deployment(
                        deployment.get("provider").asString().orElseThrow(() -> new IllegalStateException(
                                "a deployment of model " + id + " has no provider")),
                        deployment.get("upstream-model").asString().orElse(upstreamModel),
                        deployment.get("weight").asInt().orElse(1)))
                .toList();
    }

    private static ModelKind kind(String id, String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "chat" -> ModelKind.MODEL_KIND_CHAT;
            case "embedding" -> ModelKind.MODEL_KIND_EMBEDDING;
            default -> throw new IllegalStateException("model " + id + " has unknown kind " + kind);
        };
    }

    private void register(String name, ModelEntry model) {
        ModelEntry previous = byIdOrAlias.putIfAbsent(name, model);
        if (previous != null) {
            throw new IllegalStateException("model id or alias " + name + " is used by both "
                                                    + previous.id() + " and " + model.id());
        }
    }

    /**
     * Models of this kind that can be served now: at least one deployment's provider needs no key or
     * has one in the environment.
     */
    public List<ModelEntry> offered(ModelKind kind, Map<String, String> environment) {
        return models.values().stream()
                .filter(model -> model.kind() == kind)
                .filter(model -> !usableDeployments(model, environment).isEmpty())
                .toList();
    }

    /** The deployments of a model whose provider can be called now. */
    public List<Deployment> usableDeployments(ModelEntry model, Map<String, String> environment) {
        return model.deployments().stream()
                .filter(deployment -> providers.get(deployment.provider()).hasCredentials(environment))
                .toList();
    }

    /** The models of this kind that can be served now, as backends answer {@code ListModels}. */
    public ListModelsResponse listModels(ModelKind kind, Map<String, String> environment) {
        return ListModelsResponse.newBuilder()
                .addAllModels(offered(kind, environment).stream().map(ModelEntry::toProto).toList())
                .build();
    }

    /** The models to fall back to, in order, when every deployment of this one failed. */
    public List<ModelEntry> fallbacks(ModelEntry model) {
        return model.fallbacks().stream().map(byIdOrAlias::get).toList();
    }

    /** The model with this id or alias, whether or not it is offered. */
    public Optional<ModelEntry> find(String idOrAlias) {
        return Optional.ofNullable(byIdOrAlias.get(idOrAlias));
    }

    /** Every provider. */
    public java.util.Collection<ProviderEntry> providers() {
        return providers.values();
    }

    /** The provider of this name. */
    public Optional<ProviderEntry> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }
}
