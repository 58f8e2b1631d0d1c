package ai.novai.gateway.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import ai.novai.gateway.billing.Usd;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.QueryIntegers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The admin API for keys, {@code /v1/admin/keys}: create (the secret is shown once), list, get, update
 * settings and limits, revoke. Guarded by {@link AdminAuth}. Keys are shown with the limits in effect
 * (their own, else their tier's) and the spend of their current budget period.
 */
public final class AdminKeysService implements HttpService {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_SEARCH_LENGTH = 200;

    private final ApiKeyStore keys;
    private final Clock clock;
    private final Tiers tiers;
    private final KeyFields fields;
    private final PeriodSpend spend;
    private final Consumer<String> changed;

    /**
     * @param keys       the store
     * @param clock      the time
     * @param tiers      default limits per tier
     * @param knownModel whether a model id exists (for {@code allowed_models})
     * @param spend      spend of a key in its current budget period
     * @param changed    told the id of every key changed or revoked here, so that caches drop it at once
     */
    public AdminKeysService(ApiKeyStore keys, Clock clock, Tiers tiers, Predicate<String> knownModel,
                            PeriodSpend spend, Consumer<String> changed) {
        this.keys = keys;
        this.clock = clock;
        this.tiers = tiers;
        this.fields = new KeyFields(clock, knownModel);
        this.spend = spend;
        this.changed = changed;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{key_id}", this::get)
                .patch("/{key_id}", this::update)
                .delete("/{key_id}", this::revoke);
    }

    private void create(ServerRequest request, ServerResponse response) {
        JsonNode body = Json.readObject(request);
        if (!body.hasNonNull("name")) {
            throw ApiException.badRequest("'name' is required: say what the key is for.", "name",
                                          "missing_required_parameter");
        }
        KeySettings settings = fields.apply(body, KeySettings.named("unnamed"));
        ApiKeyStore.CreatedKey created = keys.create(settings);
        ObjectNode json = toJson(created.key());
        json.put("key", created.secret());
        Json.send(response, Status.CREATED_201, json);
    }

    private void list(ServerRequest request, ServerResponse response) {
        Parameters query = request.query();
        Optional<String> after = query.first("after").asOptional();
        int limit = query.first("limit").asOptional().map(value -> QueryIntegers.inRange("limit", value, 1, MAX_LIMIT))
                .orElse(DEFAULT_LIMIT);
        boolean includeRevoked = query.first("include_revoked").asOptional()
                .map(AdminKeysService::flag).orElse(false);
        after.ifPresent(id -> keys.find(id).orElseThrow(() -> ApiException.badRequest(
                "'after' must be the id of a key of a previous page.", "after", "invalid_value")));
        Optional<String> search = query.first("search").asOptional().filter(text -> !text.isBlank());
        if (search.isPresent() && search.get().length() > MAX_SEARCH_LENGTH) {
            throw ApiException.badRequest("'search' may be at most " + MAX_SEARCH_LENGTH + " characters.", "search",
                                          "invalid_value");
        }
        ApiKeyStore.Page page = keys.page(after, limit, query.first("owner").asOptional(), search, includeRevoked);

        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        page.keys().forEach(key -> data.add(toJson(key)));
        json.put("first_id", page.keys().isEmpty() ? "" : page.keys().getFirst().id());
        json.put("last_id", page.keys().isEmpty() ? "" : page.keys().getLast().id());
        json.put("has_more", page.hasMore());
        Json.send(response, Status.OK_200, json);
    }

    private static boolean flag(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("'include_revoked' must be true or false.", "include_revoked",
                                                     "invalid_value");
        };
    }

    private void get(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("key_id");
        ApiKey key = keys.find(id).orElseThrow(() -> noSuchKey(id));
        Json.send(response, Status.OK_200, toJson(key));
    }

    private void update(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("key_id");
        JsonNode body = Json.readObject(request);
        if (body.isEmpty()) {
            throw ApiException.badRequest("Send at least one field to change.", null, "invalid_value");
        }
        ApiKey current = keys.find(id).orElseThrow(() -> noSuchKey(id));
        KeySettings settings = fields.apply(body, KeySettings.of(current));
        ApiKey key = keys.update(id, settings).orElseThrow(() -> revoked(id));
        changed.accept(key.id());
        Json.send(response, Status.OK_200, toJson(key));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("key_id");
        ApiKey key = keys.revoke(id).orElseThrow(() -> noSuchKey(id));
        changed.accept(key.id());
        Json.send(response, Status.OK_200, toJson(key));
    }

    private static ApiException noSuchKey(String id) {
        return ApiException.notFound("No API key with id '" + id + "'.", "key_id", "key_not_found");
    }

    private static ApiException revoked(String id) {
        return new ApiException(Status.CONFLICT_409, new OpenAiError(
                "The API key '" + id + "' is revoked and can no longer be changed.", "invalid_request_error",
                null, "key_revoked"));
    }

    private ObjectNode toJson(ApiKey key) {
        KeyLimits limits = tiers.effective(key.tier(), key.limits());
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("name", key.name());
        json.put("owner", key.owner().orElse(null));
        json.put("key_prefix", key.keyPrefix() + "…");
        json.put("tier", key.tier());
        putLimit(json, "rpm_limit", limits.rpm());
        putLimit(json, "tpm_limit", limits.tpm());
        if (limits.budgetMicroUsd().isPresent()) {
            json.put("budget_usd", Usd.ofMicros(limits.budgetMicroUsd().getAsLong()));
        } else {
            json.putNull("budget_usd");
        }
        json.put("budget_period", limits.period().apiName());
        json.put("current_period_spend_usd", spend.of(key.id(), limits.period(), clock.instant()));
        if (key.allowedModels().isPresent()) {
            ArrayNode models = json.putArray("allowed_models");
            key.allowedModels().get().forEach(models::add);
        } else {
            json.putNull("allowed_models");
        }
        if (key.allowedTools().isPresent()) {
            ArrayNode tools = json.putArray("allowed_tools");
            key.allowedTools().get().forEach(tools::add);
        } else {
            json.putNull("allowed_tools");
        }
        json.put("created_at", key.createdAt().getEpochSecond());
        json.put("expires_at", key.expiresAt().map(Instant::getEpochSecond).orElse(null));
        json.put("revoked", key.revokedAt().isPresent());
        json.put("revoked_at", key.revokedAt().map(Instant::getEpochSecond).orElse(null));
        return json;
    }

    private static void putLimit(ObjectNode json, String field, OptionalLong limit) {
        if (limit.isPresent()) {
            json.put(field, limit.getAsLong());
        } else {
            json.putNull(field);
        }
    }
}
