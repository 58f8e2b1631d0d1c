package ai.novai.gateway.keys;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import ai.novai.gateway.billing.Usd;
import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the settings fields of the admin key API ({@code CreateApiKeyRequest}, {@code UpdateApiKeyRequest})
 * onto a key's settings, with a 400 naming the field for anything invalid. Only fields present change;
 * {@code null} clears a nullable field (a limit then comes from the key's tier).
 */
final class KeyFields {

    static final Set<String> FIELDS = Set.of("name", "owner", "tier", "rpm_limit", "tpm_limit", "budget_usd",
                                             "budget_period", "allowed_models", "allowed_tools",
                                             "expires_at");

    private static final int MAX_NAME = 128;
    private static final int MAX_OWNER = 256;
    private static final int MAX_MODELS = 256;
    private static final int MAX_TOOLS = 256;
    private static final Pattern TIER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final BigDecimal MAX_BUDGET_USD = BigDecimal.valueOf(1_000_000_000L);
    // the last second of year 9999: what every database and client date type holds (the spec's maximum)
    private static final Instant MAX_EXPIRES_AT = Instant.parse("9999-12-31T23:59:59Z");

    private final Clock clock;
    private final Predicate<String> knownModel;

    /**
     * @param clock      the time (expiry must be in the future)
     * @param knownModel whether a model id is in the catalogue (allowed_models are checked against it)
     */
    KeyFields(Clock clock, Predicate<String> knownModel) {
        this.clock = clock;
        this.knownModel = knownModel;
    }

    /** The settings with every field present in the body applied. */
    KeySettings apply(JsonNode body, KeySettings settings) {
        rejectUnknownFields(body);
        KeyLimits limits = settings.limits();
        return new KeySettings(
                body.has("name") ? text(body, "name", MAX_NAME).orElseThrow(
                        () -> invalid("name", "'name' must be a non-empty string.")) : settings.name(),
                body.has("owner") ? text(body, "owner", MAX_OWNER) : settings.owner(),
                body.has("tier") ? tier(body) : settings.tier(),
                new KeyLimits(body.has("rpm_limit") ? positive(body, "rpm_limit") : limits.rpm(),
                              body.has("tpm_limit") ? positive(body, "tpm_limit") : limits.tpm(),
                              body.has("budget_usd") ? budget(body) : limits.budgetMicroUsd(),
                              body.has("budget_period") ? period(body) : limits.budgetPeriod()),
                body.has("allowed_models") ? models(body) : settings.allowedModels(),
                body.has("allowed_tools") ? tools(body) : settings.allowedTools(),
                body.has("expires_at") ? expiresAt(body) : settings.expiresAt());
    }

    private static void rejectUnknownFields(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("'" + field + "' is not a field of an API key; supported: "
                                                      + String.join(", ", FIELDS.stream().sorted().toList()) + ".",
                                              field, "unknown_parameter");
            }
        }
    }

    private static Optional<String> text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty string of at most " + maxLength
                                                  + " characters.", field, "invalid_type");
        }
        return Optional.of(value.asText().strip());
    }

    private static String tier(JsonNode body) {
        JsonNode value = body.get("tier");
        if (!value.isTextual() || !TIER.matcher(value.asText()).matches()) {
            throw invalid("tier", "'tier' must be a lower-case label of 1 to 32 characters (a-z, 0-9, _ and -).");
        }
        return value.asText();
    }

    private static OptionalLong positive(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 1) {
            throw invalid(field, "'" + field + "' must be a positive integer, or null for the tier's default.");
        }
        return OptionalLong.of(value.asLong());
    }

    private static OptionalLong budget(JsonNode body) {
        JsonNode value = body.get("budget_usd");
        if (value.isNull()) {
            return OptionalLong.empty();
        }
        // a number beyond double's range (1e400) parses as infinite and has no decimal value
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.decimalValue().signum() < 0
                || value.decimalValue().compareTo(MAX_BUDGET_USD) > 0) {
            throw invalid("budget_usd", "'budget_usd' must be a number of US dollars from 0 to "
                    + MAX_BUDGET_USD.toPlainString() + ", or null for the tier's default.");
        }
        if (value.decimalValue().stripTrailingZeros().scale() > Usd.MICROS_SCALE) {
            // the ledger counts micro-dollars: a finer amount would be stored as another one, silently
            throw invalid("budget_usd", "'budget_usd' must be a whole number of micro-dollars (at most "
                    + Usd.MICROS_SCALE + " decimal places).");
        }
        return OptionalLong.of(Usd.toMicros(value.decimalValue()));
    }

    private static Optional<BudgetPeriod> period(JsonNode body) {
        JsonNode value = body.get("budget_period");
        return Optional.of(BudgetPeriod.ofApiName(value.isTextual() ? value.asText() : "")
                                   .orElseThrow(() -> invalid("budget_period",
                                                              "'budget_period' must be 'day' or 'month'.")));
    }

    private Optional<List<String>> models(JsonNode body) {
        JsonNode value = body.get("allowed_models");
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray() || value.isEmpty() || value.size() > MAX_MODELS) {
            throw invalid("allowed_models", "'allowed_models' must be a non-empty array of model ids (at most "
                    + MAX_MODELS + "), or null for every model.");
        }
        Set<String> models = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode model = value.get(i);
            String param = "allowed_models[" + i + "]";
            if (!model.isTextual() || model.asText().isBlank()) {
                throw invalid(param, "'" + param + "' must be a model id.");
            }
            if (!models.add(model.asText())) {
                throw invalid(param, "'" + param + "' repeats '" + model.asText() + "'.");
            }
            if (!knownModel.test(model.asText())) {
                throw invalid(param, "'" + param + "': the model '" + model.asText() + "' does not exist.");
            }
        }
        return Optional.of(List.copyOf(new ArrayList<>(models)));
    }

    private static Optional<List<String>> tools(JsonNode body) {
        JsonNode value = body.get("allowed_tools");
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray() || value.isEmpty() || value.size() > MAX_TOOLS) {
            throw invalid("allowed_tools", "'allowed_tools' must be a non-empty array (at most " + MAX_TOOLS
                    + ") of '<server_label>__<tool>' or '<server_label>__*' entries, or null for every tool.");
        }
        Set<String> tools = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode tool = value.get(i);
            String param = "allowed_tools[" + i + "]";
            if (!tool.isTextual() || !ToolGrants.isWellFormed(tool.asText())) {
                throw invalid(param, "'" + param + "' must be '<server_label>__<tool>' or '<server_label>__*' "
                        + "(labels: letters, digits and '-', at most 32; tools: letters, digits, '_' and '-').");
            }
            if (!tools.add(tool.asText())) {
                throw invalid(param, "'" + param + "' repeats '" + tool.asText() + "'.");
            }
        }
        return Optional.of(List.copyOf(tools));
    }

    private Optional<Instant> expiresAt(JsonNode body) {
        JsonNode value = body.get("expires_at");
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw ApiException.badRequest("'expires_at' must be a Unix time in seconds.", "expires_at", "invalid_type");
        }
        if (value.asLong() <= clock.instant().getEpochSecond()) {
            throw invalid("expires_at", "'expires_at' must be in the future.");
        }
        if (value.asLong() > MAX_EXPIRES_AT.getEpochSecond()) {
            throw invalid("expires_at", "'expires_at' must be at most " + MAX_EXPIRES_AT.getEpochSecond() + " ("
                    + MAX_EXPIRES_AT + ").");
        }
        Instant at = Instant.ofEpochSecond(value.asLong());
        return Optional.of(at);
    }

    private static ApiException invalid(String param, String message) {
        return ApiException.badRequest(message, param, "invalid_value");
    }
}
