package ai.novai.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The Helm chart {@code helm/novai}, rendered offline by the Helm that helm-java bundles, and its output
 * read back as Kubernetes objects strictly: an unknown or misplaced field fails (fabric8's models keep
 * unknown fields aside by default; here that is switched off).
 */
final class Chart {

    static final String RELEASE = "novai";
    static final Path DIR = Repo.path("helm/novai");
    static final Path PRODUCTION_VALUES = DIR.resolve("ci/production-values.yaml");

    /** The kinds the chart may render, with their API version and model class. */
    private static final Map<String, Kind> KINDS = Map.of(
            "Deployment", new Kind("apps/v1", Deployment.class),
            "Service", new Kind("v1", Service.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Secret", new Kind("v1", Secret.class),
            "ServiceAccount", new Kind("v1", ServiceAccount.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class),
            "Ingress", new Kind("networking.k8s.io/v1", Ingress.class),
            "Job", new Kind("batch/v1", Job.class));

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    private Chart() {
    }

    /** {@code helm template novai helm/novai} with the given values file (or none) and {@code --set}s. */
    static String template(Optional<Path> valuesFile, Map<String, String> set) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE);
        valuesFile.ifPresent(template::withValuesFile);
        set.forEach(template::set);
        return template.call();
    }

    /** Renders and reads back every object, strictly. */
    static Rendered render(Optional<Path> valuesFile, Map<String, String> set) {
        String text = template(valuesFile, set);
        List<JsonNode> raw = Repo.yamlDocuments(text);
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : raw) {
            if (document.path("kind").asText().equals("ServiceMonitor")) {
                continue; // a CRD: checked as a tree (see Rendered#raw)
            }
            objects.add(parse(document));
        }
        return new Rendered(text, raw, objects);
    }

    /** One manifest as its Kubernetes model, strictly: unknown fields and wrong API versions fail. */
    static HasMetadata parse(JsonNode document) {
        String kind = document.path("kind").asText();
        Kind known = KINDS.get(kind);
        if (known == null) {
            throw new AssertionError("unexpected kind " + kind + " in\n" + document);
        }
        if (!known.apiVersion().equals(document.path("apiVersion").asText())) {
            throw new AssertionError(kind + " has apiVersion " + document.path("apiVersion") + ", expected "
                                             + known.apiVersion());
        }
        try {
            return STRICT.treeToValue(document, known.type());
        } catch (Exception e) {
            throw new AssertionError("not a valid " + kind + " (" + e.getMessage() + "):\n" + document, e);
        }
    }

    /** The rendered chart. */
    record Rendered(String text, List<JsonNode> raw, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " rendered"));
        }

        /** The pod spec of one NovAI service's Deployment, e.g. {@code pod("gateway")}. */
        io.fabric8.kubernetes.api.model.PodSpec pod(String service) {
            return named(Deployment.class, "novai-" + service).getSpec().getTemplate().getSpec();
        }

        /** The main container of one NovAI service. */
        io.fabric8.kubernetes.api.model.Container container(String service) {
            return pod(service).getContainers().getFirst();
        }

        List<JsonNode> rawOfKind(String kind) {
            return raw.stream().filter(document -> document.path("kind").asText().equals(kind)).toList();
        }

        <T extends HasMetadata> List<T> matching(Class<T> type, Predicate<T> predicate) {
            return all(type).stream().filter(predicate).toList();
        }
    }
}
