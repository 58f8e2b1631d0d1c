package ai.novai.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;

/** Metric names: the ones NovAI's services export, and the ones its deployment files name. */
final class MetricNames {

    /**
     * Counters a service creates when their event first happens (a retry, a fallback, a rejection, a provider
     * error, a batch line ended, a tool called): a fresh service serving well has none of them, and a dashboard may still chart
     * them.
     */
    static final Set<String> BORN_OF_EVENTS = Set.of("novai_routing_retries_total", "novai_routing_fallbacks_total",
                                                     "novai_ratelimit_rejections_total", "novai_provider_errors_total",
                                                     "novai_batch_lines_total", "novai_gateway_tool_calls_total",
                                                     "novai_tool_execution_duration_seconds_bucket");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    // what PromQL puts between braces (label matchers) or after by/without/on/ignoring (label lists)
    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}|\\b(?:by|without|on|ignoring|group_left|group_right)"
                                                                  + "\\s*\\([^)]*\\)");
    private static final Pattern OURS = Pattern.compile("\\b((?:novai|gen_ai|rpc)_[a-z0-9_]+)\\b");

    private MetricNames() {
    }

    /** The sample names of a Prometheus text exposition. */
    static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SAMPLE.matcher(exposition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The NovAI metrics the Grafana dashboards' queries read. */
    static Set<String> inDashboards() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(Repo.path("deploy/grafana/dashboards"))) {
            for (Path dashboard : dashboards.filter(file -> file.toString().endsWith(".json")).toList()) {
                collectExpressions(JSON.readTree(dashboard.toFile()), names);
            }
        }
        return names;
    }

    /** The metrics the rendered autoscalers scale on. */
    static Set<String> inAutoscalers(Chart.Rendered rendered) {
        Set<String> names = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            for (MetricSpec metric : hpa.getSpec().getMetrics()) {
                if (metric.getPods() != null) {
                    names.add(metric.getPods().getMetric().getName());
                } else if (metric.getObject() != null) {
                    names.add(metric.getObject().getMetric().getName());
                } else if (metric.getExternal() != null) {
                    names.add(metric.getExternal().getMetric().getName());
                }
            }
        }
        return names;
    }

    private static void collectExpressions(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    Matcher matcher = OURS.matcher(LABELS.matcher(field.getValue().asText()).replaceAll(" "));
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                } else {
                    collectExpressions(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectExpressions(element, names));
        }
    }
}
