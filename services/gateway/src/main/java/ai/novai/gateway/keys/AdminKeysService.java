package ai.novai.gateway.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
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
 * The admin API for keys, {@code /v1/admin/keys}: create (the secret is shown once), list, get,
 * revoke. Guarded by {@link AdminAuth}.
 */
public final class AdminKeysService implements HttpService {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "owner", "expires_at");
    // Fields of the public contract that need rate limits and budgets, which this gateway does not
    // enforce yet: refused rather than stored and silently not applied.
    private static final Set<String> NOT_YET_ENFORCED = Set.of(
            "tier", "rpm_limit", "tpm_limit", "budget_usd", "budget_period", "allowed_models");
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_NAME = 128;
    private static final int MAX_OWNER = 256;

    private final ApiKeyStore keys;
    private final Clock clock;
    private final java.util.function.Consumer<String> revoked;

    /**
     * @param keys    the store
     * @param clock   the time
     * @param revoked told the id of every key revoked here, so that caches drop it at once
     */
    public AdminKeysService(ApiKeyStore keys, Clock clock, java.util.function.Consumer<String> revoked) {
        this.keys = keys;
        this.clock = clock;
        this.revoked = revoked;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{key_id}", this::get)
                .delete("/{key_id}", this::revoke);
    }

    private void create(ServerRequest request, ServerResponse response) {
        JsonNode body = Json.readObject(request);
        rejectUnsupportedFields(body);
        String name = text(body, "name", MAX_NAME).orElseThrow(() -> ApiException.badRequest(
                "'name' is required: say what the key is for.", "name", "missing_required_parameter"));
        Optional<String> owner = text(body, "owner", MAX_OWNER);
        Optional<Instant> expiresAt = expiresAt(body);
        ApiKeyStore.CreatedKey created = keys.create(name, owner, expiresAt);
        ObjectNode json = toJson(created.key());
        json.put("key", created.secret());
        Json.send(response, Status.CREATED_201, json);
    }

    private void list(ServerRequest request, ServerResponse response) {
        Parameters query = request.query();
        Optional<String> after = query.first("after").asOptional();
        int limit = query.first("limit").asOptional().map(AdminKeysService::limit).orElse(DEFAULT_LIMIT);
        boolean includeRevoked = query.first("include_revoked").asOptional()
                .map(AdminKeysService::flag).orElse(false);
        after.ifPresent(id -> keys.find(id).orElseThrow(() -> ApiException.badRequest(
                "'after' must be the id of a key of a previous page.", "after", "invalid_value")));
        ApiKeyStore.Page page = keys.page(after, limit, query.first("owner").asOptional(), includeRevoked);

        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        page.keys().forEach(key -> data.add(toJson(key)));
        json.put("first_id", page.keys().isEmpty() ? "" : page.keys().getFirst().id());
        json.put("last_id", page.keys().isEmpty() ? "" : page.keys().getLast().id());
        json.put("has_more", page.hasMore());
        Json.send(response, Status.OK_200, json);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("'limit' must be an integer from 1 to " + MAX_LIMIT + ".", "limit",
                                      "invalid_value");
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

    private void revoke(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("key_id");
        ApiKey key = keys.revoke(id).orElseThrow(() -> noSuchKey(id));
        revoked.accept(key.id());
        Json.send(response, Status.OK_200, toJson(key));
    }

    private static ApiException noSuchKey(String id) {
        return ApiException.notFound("No API key with id '" + id + "'.", "key_id", "key_not_found");
    }

    private static void rejectUnsupportedFields(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (NOT_YET_ENFORCED.contains(field)) {
                throw ApiException.badRequest("'" + field + "' cannot be set yet: this gateway does not enforce "
                                                      + "per-key limits, budgets or model lists.", field,
                                              "unsupported_parameter");
            }
            if (!CREATE_FIELDS.contains(field)) {
                throw ApiException.badRequest("'" + field + "' is not a supported field of a new key; supported: "
                                                      + String.join(", ", CREATE_FIELDS.stream().sorted().toList())
                                                      + ".", field, "unsupported_parameter");
            }
        }
    }

    private static Optional<String> text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty string of at most " + maxLength
                                                  + " characters.", field, "invalid_type");
        }
        return Optional.of(value.asText().strip());
    }

    private Optional<Instant> expiresAt(JsonNode body) {
        JsonNode value = body.get("expires_at");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw ApiException.badRequest("'expires_at' must be a Unix time in seconds.", "expires_at", "invalid_type");
        }
        Instant at = Instant.ofEpochSecond(value.asLong());
        if (!at.isAfter(clock.instant())) {
            throw ApiException.badRequest("'expires_at' must be in the future.", "expires_at", "invalid_value");
        }
        return Optional.of(at);
    }

    private static ObjectNode toJson(ApiKey key) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("name", key.name());
        json.put("owner", key.owner().orElse(null));
        json.put("key_prefix", key.keyPrefix() + "…");
        // No per-key limits are enforced yet: unlimited, no budget, every model (see NOT_YET_ENFORCED).
        json.put("tier", "standard");
        json.putNull("rpm_limit");
        json.putNull("tpm_limit");
        json.putNull("budget_usd");
        json.put("budget_period", "month");
        json.putNull("allowed_models");
        json.put("created_at", key.createdAt().getEpochSecond());
        json.put("expires_at", key.expiresAt().map(Instant::getEpochSecond).orElse(null));
        json.put("revoked", key.revokedAt().isPresent());
        json.put("revoked_at", key.revokedAt().map(Instant::getEpochSecond).orElse(null));
        return json;
    }
}
