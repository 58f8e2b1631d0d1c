package ai.novai.gateway.batches;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.files.FileLibrary;
import ai.novai.gateway.files.FilePurpose;
import ai.novai.gateway.files.StoredFile;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.ApiKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code validating} step of a file batch: reads the input file line by line (never whole), checks every line
 * ({@code custom_id} unique and at most 512 characters, {@code method} POST, {@code url} the batch's endpoint, the
 * body as the endpoint checks it, the key allowed the model), and stores the lines as it goes. The batch then starts,
 * or fails with the first {@value #MAX_ERRORS} errors, each naming its line.
 */
final class BatchValidation {

    static final int MAX_ERRORS = 100;
    private static final int MAX_CUSTOM_ID = 512;
    private static final int MAX_LINE_BYTES = 20 * 1024 * 1024;
    private static final int STORE_CHUNK = 500;

    private final BatchStore store;
    private final FileLibrary files;
    private final BatchRequests requests;
    private final BatchSettings settings;
    private final Clock clock;

    BatchValidation(BatchStore store, FileLibrary files, BatchRequests requests, BatchSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.requests = requests;
        this.settings = settings;
        this.clock = clock;
    }

    /** Validates the batch's input under the owner's lease; ends with the batch started or failed. */
    void validate(Batch batch, ApiKey key, String owner) throws IOException {
        store.deleteLines(batch.id());
        List<ObjectNode> errors = new ArrayList<>();
        Optional<StoredFile> input = batch.inputFileId().flatMap(files::find)
                .filter(file -> file.keyId().equals(batch.keyId()) && file.purpose() == FilePurpose.BATCH);
        if (input.isEmpty()) {
            errors.add(error("file_not_found", "The input file no longer exists.", null, null));
        } else {
            try (InputStream in = files.open(input.get())) {
                readLines(batch, key, new JsonlLines(in, MAX_LINE_BYTES), errors);
            }
        }
        if (errors.isEmpty()) {
            store.start(batch.id(), owner, clock.instant());
            return;
        }
        store.deleteLines(batch.id());
        ArrayNode data = Json.mapper().createArrayNode();
        errors.forEach(data::add);
        store.failValidation(batch.id(), owner, data.toString(), clock.instant());
    }

    private void readLines(Batch batch, ApiKey key, JsonlLines lines, List<ObjectNode> errors) throws IOException {
        Set<String> customIds = new HashSet<>();
        List<BatchStore.NewLine> pending = new ArrayList<>(STORE_CHUNK);
        int count = 0;
        long embeddingInputs = 0;
        for (Optional<JsonlLines.Line> next = lines.next(); next.isPresent() && errors.size() < MAX_ERRORS;
             next = lines.next()) {
            JsonlLines.Line line = next.get();
            if (line.bytes().isPresent() && line.bytes().get().length == 0) {
                continue;
            }
            if (++count > settings.maxLines()) {
                errors.add(error("too_many_requests_in_file", "The file has more than " + settings.maxLines()
                        + " requests.", null, line.number()));
                return;
            }
            try {
                Valid valid = check(batch, key, line, customIds);
                embeddingInputs += valid.embeddingInputs();
                if (errors.isEmpty()) {
                    pending.add(valid.line());
                }
            } catch (ApiException invalid) {
                errors.add(error(invalid.error().code(), "Line " + line.number() + ": " + invalid.error().message(),
                                 invalid.error().param(), line.number()));
            }
            if (batch.endpoint() == BatchEndpoint.EMBEDDINGS && embeddingInputs > settings.maxLines()) {
                errors.add(error("too_many_requests_in_file", "The file has more than " + settings.maxLines()
                        + " embedding inputs.", null, line.number()));
                return;
            }
            if (pending.size() == STORE_CHUNK) {
                store.addPendingLines(batch, pending, clock.instant());
                pending.clear();
            }
        }
        if (count == 0 && errors.isEmpty()) {
            errors.add(error("empty_file", "The input file has no requests.", null, null));
        }
        if (errors.isEmpty() && !pending.isEmpty()) {
            store.addPendingLines(batch, pending, clock.instant());
        }
    }

    private record Valid(BatchStore.NewLine line, int embeddingInputs) {
    }

    private Valid check(Batch batch, ApiKey key, JsonlLines.Line line, Set<String> customIds) {
        byte[] bytes = line.bytes().orElseThrow(() -> ApiException.badRequest(
                "the line is longer than " + MAX_LINE_BYTES + " bytes.", null, "line_too_long"));
        JsonNode request = Json.parseObject(bytes);
        JsonNode customId = request.path("custom_id");
        if (!customId.isTextual() || customId.asText().isEmpty() || customId.asText().length() > MAX_CUSTOM_ID) {
            throw ApiException.badRequest("custom_id must be a string of 1 to " + MAX_CUSTOM_ID + " characters.",
                                          "custom_id", "invalid_custom_id");
        }
        if (!customIds.add(customId.asText())) {
            throw ApiException.badRequest("custom_id '" + abbreviated(customId.asText()) + "' is used by an earlier "
                                                  + "line; each line needs its own.", "custom_id", "duplicate_custom_id");
        }
        if (!"POST".equals(request.path("method").asText(null))) {
            throw ApiException.badRequest("method must be POST.", "method", "invalid_method");
        }
        if (!batch.endpoint().url().equals(request.path("url").asText(null))) {
            throw ApiException.badRequest("url must be " + batch.endpoint().url() + " for this batch.", "url",
                                          "invalid_url");
        }
        for (java.util.Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("custom_id", "method", "url", "body").contains(name)) {
                throw ApiException.badRequest("Unrecognized field '" + abbreviated(name) + "'.", name,
                                              "unknown_parameter");
            }
        }
        if (!request.has("body")) {
            throw ApiException.badRequest("body is required.", "body", "missing_required_parameter");
        }
        BatchRequests.Checked checked = requests.check(batch.endpoint(), request.get("body"), key);
        return new Valid(new BatchStore.NewLine(line.number(), customId.asText(), checked.body()),
                         checked.embeddingInputs());
    }

    private static String abbreviated(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static ObjectNode error(String code, String message, String param, Integer line) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.put("param", param);
        if (line == null) {
            error.putNull("line");
        } else {
            error.put("line", line);
        }
        return error;
    }
}
