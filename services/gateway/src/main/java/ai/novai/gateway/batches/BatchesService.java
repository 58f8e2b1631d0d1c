package ai.novai.gateway.batches;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.files.FileLibrary;
import ai.novai.gateway.files.FilePurpose;
import ai.novai.gateway.files.StoredFile;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.Authenticated;
import ai.novai.gateway.observability.BatchSpans;
import ai.novai.gateway.store.RandomIds;
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
 * {@code /v1/batches}: create (OpenAI's file form, or the inline form, told apart by the body), retrieve, list,
 * cancel. A key sees its own batches only (another key's are 404); the admin token sees every key's.
 */
public final class BatchesService implements HttpService {

    private static final Pattern BATCH_ID = Pattern.compile("batch_[0-9a-f]{24}");
    private static final Set<String> FILE_FORM = Set.of("input_file_id", "endpoint", "completion_window", "metadata",
                                                        "output_expires_after");
    private static final Set<String> INLINE_FORM = Set.of("inputs", "completion_window", "metadata");
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final BatchStore store;
    private final FileLibrary files;
    private final BatchRequests requests;
    private final BatchSettings settings;
    private final Clock clock;

    BatchesService(BatchStore store, FileLibrary files, BatchRequests requests, BatchSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.requests = requests;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{batch_id}", this::retrieve)
                .post("/{batch_id}/cancel", this::cancel);
    }

    private void create(ServerRequest request, ServerResponse response) {
        JsonNode body = Json.readObject(request);
        ApiKey key = Authenticated.keyIfPresent(request).orElseThrow(() -> ApiException.forbidden(
                "Batches are created with an API key, not the admin token.", "invalid_api_key"));
        boolean inline = body.has("inputs");
        if (inline == body.has("input_file_id")) {
            throw ApiException.badRequest("Send either 'input_file_id' (a batch from an uploaded file) or 'inputs' "
                                                  + "(the requests inline), not both or neither.",
                                          inline ? "inputs" : "input_file_id", "invalid_request");
        }
        BatchRequestFields.refuseUnknown(body, inline ? INLINE_FORM : FILE_FORM);
        if (store.activeBatches(key.id()) >= settings.maxActivePerKey()) {
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, new OpenAiError(
                    "This key has " + settings.maxActivePerKey() + " batches that have not ended; wait for one to end "
                            + "or cancel one.", "invalid_request_error", null, "too_many_active_batches"),
                    Optional.of(java.time.Duration.ofSeconds(60)));
        }
        String window = BatchRequestFields.completionWindow(body, inline);
        Map<String, String> metadata = BatchRequestFields.metadata(body.get("metadata"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = RandomIds.next("batch_");
        if (inline) {
            List<BatchStore.NewLine> lines = inlineLines(body.get("inputs"), key);
            Batch batch = new Batch(id, key.id(), true, BatchEndpoint.CHAT_COMPLETIONS, Optional.empty(), window,
                                    BatchStatus.IN_PROGRESS, metadata, Optional.empty(), Optional.empty(),
                                    Optional.empty(), Optional.empty(), BatchSpans.currentTraceparent(),
                                    times(now, Optional.of(now)));
            store.createWithLines(batch, lines, now);
            Json.send(response, Status.ACCEPTED_202, BatchJson.inline(batch, store.counts(id), Optional.empty()));
            return;
        }
        BatchEndpoint endpoint = BatchRequestFields.endpoint(body.get("endpoint"));
        StoredFile input = inputFile(body.get("input_file_id"), key);
        Batch batch = new Batch(id, key.id(), false, endpoint, Optional.of(input.id()), window,
                                BatchStatus.VALIDATING, metadata, BatchRequestFields.outputExpiresAfter(body.get("output_expires_after")),
                                Optional.empty(), Optional.empty(), Optional.empty(), BatchSpans.currentTraceparent(),
                                times(now, Optional.empty()));
        store.create(batch);
        Json.send(response, Status.OK_200, BatchJson.batch(batch, RequestCounts.NONE));
    }

    private void retrieve(ServerRequest request, ServerResponse response) {
        Batch batch = visible(request);
        Json.send(response, Status.OK_200, show(batch));
    }

    private void cancel(ServerRequest request, ServerResponse response) {
        Batch batch = visible(request);
        if (!store.cancel(batch.id(), clock.instant())) {
            Batch now = store.find(batch.id()).orElseThrow();
            if (now.status() != BatchStatus.CANCELLING && now.status() != BatchStatus.CANCELLED) {
                throw new ApiException(Status.CONFLICT_409, new OpenAiError(
                        "Batch " + batch.id() + " is " + now.status().apiName() + " and cannot be cancelled.",
                        "invalid_request_error", null, "batch_not_cancellable"));
            }
        }
        Json.send(response, Status.OK_200, show(store.find(batch.id()).orElseThrow()));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Parameters query = request.query();
        int limit = query.first("limit").asOptional().map(BatchesService::limit).orElse(DEFAULT_PAGE);
        Optional<String> owner = Authenticated.isAdmin(request) ? Optional.empty()
                : Optional.of(Authenticated.key(request).id());
        Optional<Batch> after = query.first("after").asOptional().map(id -> find(id)
                .filter(batch -> owner.isEmpty() || owner.get().equals(batch.keyId()))
                .orElseThrow(() -> ApiException.badRequest("'after' must be the id of a batch of a previous page.",
                                                           "after", "invalid_value")));
        List<Batch> page = store.page(owner, after, limit + 1);
        boolean hasMore = page.size() > limit;
        List<Batch> shown = hasMore ? page.subList(0, limit) : page;
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        shown.forEach(batch -> data.add(BatchJson.batch(batch, store.counts(batch.id()))));
        json.put("first_id", shown.isEmpty() ? "" : shown.getFirst().id());
        json.put("last_id", shown.isEmpty() ? "" : shown.getLast().id());
        json.put("has_more", hasMore);
        Json.send(response, Status.OK_200, json);
    }

    private ObjectNode show(Batch batch) {
        RequestCounts counts = store.counts(batch.id());
        if (!batch.inline()) {
            return BatchJson.batch(batch, counts);
        }
        return BatchJson.inline(batch, counts, batch.status().isTerminal()
                ? Optional.of(store.results(batch.id(), -1, settings.maxInlineInputs())) : Optional.empty());
    }

    // the batch the path names, if the caller may see it: else 404, as if it did not exist
    private Batch visible(ServerRequest request) {
        String id = request.path().pathParameters().get("batch_id");
        return find(id)
                .filter(batch -> Authenticated.isAdmin(request)
                        || Authenticated.key(request).id().equals(batch.keyId()))
                .orElseThrow(() -> ApiException.notFound("No batch found with id '" + BatchRequestFields.shown(id) + "'.", "batch_id",
                                                         "batch_not_found"));
    }

    private Optional<Batch> find(String id) {
        return BATCH_ID.matcher(id).matches() ? store.find(id) : Optional.empty();
    }

    private List<BatchStore.NewLine> inlineLines(JsonNode inputs, ApiKey key) {
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw ApiException.badRequest("'inputs' must be a non-empty array of chat completion requests.", "inputs",
                                          "invalid_type");
        }
        if (inputs.size() > settings.maxInlineInputs()) {
            throw ApiException.badRequest("'inputs' may hold at most " + settings.maxInlineInputs() + " requests; "
                                                  + "upload larger batches as a file.", "inputs", "too_many_inputs");
        }
        List<BatchStore.NewLine> lines = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            try {
                BatchRequests.Checked checked = requests.check(BatchEndpoint.CHAT_COMPLETIONS, inputs.get(i), key);
                lines.add(new BatchStore.NewLine(i, "input-" + i, checked.body()));
            } catch (ApiException invalid) {
                OpenAiError error = invalid.error();
                String param = "inputs[" + i + "]" + (error.param() == null ? "" : "." + error.param());
                throw new ApiException(Status.BAD_REQUEST_400, new OpenAiError(
                        "inputs[" + i + "]: " + error.message(), error.type(), param, error.code()));
            }
        }
        return lines;
    }

    private StoredFile inputFile(JsonNode value, ApiKey key) {
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("'input_file_id' must be the id of an uploaded file.", "input_file_id",
                                          "invalid_type");
        }
        String id = value.asText();
        StoredFile file = files.find(id, Optional.of(key.id()))
                .orElseThrow(() -> ApiException.notFound("No file found with id '" + BatchRequestFields.shown(id) + "'.",
                                                         "input_file_id", "file_not_found"));
        if (file.purpose() != FilePurpose.BATCH) {
            throw ApiException.badRequest("File " + id + " was not uploaded with purpose 'batch'.", "input_file_id",
                                          "invalid_file_purpose");
        }
        return file;
    }

    private Batch.Times times(Instant now, Optional<Instant> inProgressAt) {
        return new Batch.Times(now, now.plus(settings.window()), inProgressAt, Optional.empty(), Optional.empty(),
                               Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("'limit' must be an integer from 1 to " + MAX_PAGE + ".", "limit",
                                      "invalid_value");
    }
}
