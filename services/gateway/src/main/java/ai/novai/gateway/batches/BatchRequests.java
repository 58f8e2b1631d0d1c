package ai.novai.gateway.batches;

import ai.novai.gateway.billing.Metering;
import ai.novai.gateway.chat.ChatRequestParser;
import ai.novai.gateway.embeddings.EmbeddingRequestParser;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.ApiKey;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks one request of a batch before the batch runs, with the same parsers the endpoints use: a request the
 * endpoint would refuse is refused at validation, not found out line by line later.
 */
final class BatchRequests {

    private static final String VALIDATION = "batch-validation";

    private final Metering metering;

    BatchRequests(Metering metering) {
        this.metering = metering;
    }

    /** A checked request: its body as stored, and how many embedding inputs it holds (0 for chat). */
    record Checked(String body, int embeddingInputs) {
    }

    /**
     * Checks a request body for the endpoint and the key.
     *
     * @throws ApiException what the endpoint would answer (400, 403 {@code model_not_allowed}), or 400 for
     *                      {@code stream: true}
     */
    Checked check(BatchEndpoint endpoint, JsonNode body, ApiKey key) {
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.", "body", "invalid_request");
        }
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                ChatRequestParser.Parsed parsed = ChatRequestParser.parse(body, VALIDATION);
                if (parsed.stream()) {
                    throw ApiException.badRequest("Batch requests cannot be streamed: remove 'stream' or set it to "
                                                          + "false.", "stream", "invalid_value");
                }
                if (!parsed.serverTools().isEmpty()) {
                    throw ApiException.badRequest("Batch requests cannot run server-side ('mcp') tools: their tool "
                                                          + "rounds are interactive.", "tools", "unsupported_value");
                }
                metering.requireAllowed(key, parsed.request().getModel());
                yield new Checked(text(body), 0);
            }
            case EMBEDDINGS -> {
                EmbeddingRequestParser.Parsed parsed = EmbeddingRequestParser.parse(body, VALIDATION);
                metering.requireAllowed(key, parsed.request().getModel());
                yield new Checked(text(body), parsed.request().getInputsCount());
            }
        };
    }

    private static String text(JsonNode body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed request could not be written as JSON", e);
        }
    }
}
