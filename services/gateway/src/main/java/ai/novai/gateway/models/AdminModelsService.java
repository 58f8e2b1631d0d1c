package ai.novai.gateway.models;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.Usd;
import ai.novai.gateway.http.Json;
import ai.novai.proto.common.v1.ModelInfo;
import ai.novai.proto.common.v1.ModelKind;
import ai.novai.proto.inference.v1.DeploymentHealth;
import ai.novai.proto.inference.v1.DeploymentHealthRequest;
import ai.novai.proto.inference.v1.DeploymentHealthResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.StatusRuntimeException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/admin/models} (guarded by the admin token like every {@code /v1/admin/} path): every offered model
 * with its prices and, for chat models, each deployment's breaker and recent latency, time to first chunk and
 * errors, as the inference service measured them ({@code DeploymentHealth} rpc). For the operator console, which
 * must not parse Prometheus text.
 */
public final class AdminModelsService implements HttpService {

    private final ModelCatalog catalog;
    private final BackendChannels backends;

    public AdminModelsService(ModelCatalog catalog, BackendChannels backends) {
        this.catalog = catalog;
        this.backends = backends;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) {
        List<ModelInfo> models = catalog.list();
        DeploymentHealthResponse health = health();
        Map<String, List<DeploymentHealth>> byModel = new LinkedHashMap<>();
        health.getDeploymentsList().forEach(deployment -> byModel
                .computeIfAbsent(deployment.getModel(), id -> new ArrayList<>()).add(deployment));

        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        json.put("window_seconds", health.getWindowSeconds());
        ArrayNode data = json.putArray("data");
        for (ModelInfo model : models) {
            ObjectNode item = data.addObject();
            item.put("id", model.getId());
            item.put("kind", model.getKind() == ModelKind.MODEL_KIND_EMBEDDING ? "embedding" : "chat");
            item.put("owned_by", model.getOwnedBy());
            item.put("input_usd_per_million_tokens",
                     usd(model.getPricing().getInputMicroUsdPerMillionTokens()));
            item.put("output_usd_per_million_tokens",
                     usd(model.getPricing().getOutputMicroUsdPerMillionTokens()));
            ArrayNode deployments = item.putArray("deployments");
            for (DeploymentHealth deployment : byModel.getOrDefault(model.getId(), List.of())) {
                deployments.add(toJson(deployment));
            }
        }
        Json.send(response, Status.OK_200, json);
    }

    private DeploymentHealthResponse health() {
        try {
            return backends.inference()
                    .withDeadlineAfter(backends.listDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .deploymentHealth(DeploymentHealthRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw GrpcToHttpErrors.toApiException("inference", e);
        }
    }

    private static ObjectNode toJson(DeploymentHealth deployment) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("name", deployment.getDeployment());
        json.put("provider", deployment.getProvider());
        json.put("weight", deployment.getWeight());
        json.put("breaker", switch (deployment.getBreaker()) {
            case BREAKER_STATE_CLOSED, BREAKER_STATE_HALF_OPEN, BREAKER_STATE_OPEN ->
                    deployment.getBreaker().name().substring("BREAKER_STATE_".length()).toLowerCase(Locale.ROOT);
            case BREAKER_STATE_UNSPECIFIED, UNRECOGNIZED -> "not_called";
        });
        json.put("requests", deployment.getCalls());
        json.put("errors", deployment.getErrors());
        json.put("latency_p50_ms", deployment.getLatencyP50Ms());
        json.put("latency_p99_ms", deployment.getLatencyP99Ms());
        json.put("ttft_p50_ms", deployment.getTtftP50Ms());
        json.put("ttft_p99_ms", deployment.getTtftP99Ms());
        return json;
    }

    private static BigDecimal usd(long microUsd) {
        return Usd.ofMicros(microUsd);
    }
}
