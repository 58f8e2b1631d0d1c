package ai.novai.gateway.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.novai.gateway.billing.UsageLedger;
import ai.novai.gateway.billing.UsageLedger.UsageQuery;
import ai.novai.gateway.billing.UsageLedger.UsageRow;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.Authenticated;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/usage}: tokens and cost from the usage ledger per UTC day and/or model over an
 * inclusive date range, for the calling key; with the admin token, for every key or the one
 * {@code key_id} names. {@code group_by=key} splits the totals by key (the operator console's top spenders).
 */
public final class UsageService implements HttpService {

    /** The longest range one call may ask for, in days. */
    static final int MAX_DAYS = 366;

    private static final Set<String> DIMENSIONS = Set.of("day", "model", "key");

    private final UsageLedger ledger;

    public UsageService(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::usage);
    }

    private void usage(ServerRequest request, ServerResponse response) {
        Parameters query = request.query();
        LocalDate start = date(query, "start_date");
        LocalDate end = date(query, "end_date");
        if (end.isBefore(start)) {
            throw invalid("end_date", "'end_date' must not be before 'start_date'.");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw invalid("end_date", "The range may span at most " + MAX_DAYS + " days.");
        }
        Set<String> groupBy = groupBy(query);
        Optional<String> keyId = keyId(request, query);
        Optional<String> model = query.first("model").asOptional().filter(value -> !value.isBlank());
        List<UsageRow> rows = ledger.totals(new UsageQuery(start, end, groupBy.contains("day"),
                                                           groupBy.contains("model"), groupBy.contains("key"),
                                                           keyId, model));

        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        json.put("start_date", start.toString());
        json.put("end_date", end.toString());
        ArrayNode groups = json.putArray("group_by");
        groupBy.forEach(groups::add);
        ArrayNode data = json.putArray("data");
        BigDecimal total = BigDecimal.ZERO;
        for (UsageRow row : rows) {
            ObjectNode item = data.addObject();
            item.put("date", row.day().map(LocalDate::toString).orElse(null));
            item.put("model", row.model().orElse(null));
            row.keyId().ifPresent(id -> item.put("key_id", id));
            item.put("requests", row.requests());
            item.put("prompt_tokens", row.promptTokens());
            item.put("completion_tokens", row.completionTokens());
            item.put("total_tokens", row.promptTokens() + row.completionTokens());
            item.put("cost_usd", usd(row.costUsd()));
            item.put("batch_requests", row.batchRequests());
            item.put("batch_cost_usd", usd(row.batchCostUsd()));
            total = total.add(row.costUsd());
        }
        json.put("total_cost_usd", usd(total));
        Json.send(response, Status.OK_200, json);
    }

    private static Optional<String> keyId(ServerRequest request, Parameters query) {
        Optional<String> asked = query.first("key_id").asOptional().filter(value -> !value.isBlank());
        if (Authenticated.isAdmin(request)) {
            return asked;
        }
        if (asked.isPresent()) {
            throw invalid("key_id", "'key_id' needs the admin token: an API key only sees its own usage.");
        }
        return Optional.of(Authenticated.key(request).id());
    }

    private static LocalDate date(Parameters query, String name) {
        String value = query.first(name).asOptional().orElseThrow(() -> ApiException.badRequest(
                "'" + name + "' is required, as YYYY-MM-DD.", name, "missing_required_parameter"));
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "'" + name + "' must be a date as YYYY-MM-DD, got '" + value + "'.");
        }
    }

    private static Set<String> groupBy(Parameters query) {
        Optional<String> value = query.first("group_by").asOptional();
        if (value.isEmpty()) {
            return Set.of("day", "model").stream().sorted().collect(java.util.stream.Collectors
                                                                            .toCollection(LinkedHashSet::new));
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String group : value.get().split(",", -1)) {
            String dimension = group.strip();
            if (!DIMENSIONS.contains(dimension)) {
                throw invalid("group_by", "'group_by' must list 'day', 'model' and/or 'key', comma-separated.");
            }
            if (!groups.add(dimension)) {
                throw invalid("group_by", "'group_by' repeats '" + dimension + "'.");
            }
        }
        return groups;
    }

    // rounded to 6 decimal places, as the contract says
    private static BigDecimal usd(BigDecimal exact) {
        return exact.setScale(6, RoundingMode.HALF_UP);
    }

    private static ApiException invalid(String param, String message) {
        return ApiException.badRequest(message, param, "invalid_value");
    }
}
