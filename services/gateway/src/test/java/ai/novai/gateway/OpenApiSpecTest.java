package ai.novai.gateway;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import ai.novai.gateway.testing.OpenAiSchemas;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * {@code openapi/spec.yaml} must never ship broken: it parses and validates as OpenAPI 3.1, every
 * reference resolves, and the public contract has what the product promises.
 */
class OpenApiSpecTest {

    private static OpenAPI spec;

    @BeforeAll
    static void parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(
                OpenAiSchemas.NOVAI_SPEC.toUri().toString(), null, options);
        assertThat("parser messages", result.getMessages(), is(empty()));
        spec = result.getOpenAPI();
        assertThat(spec, notNullValue());
    }

    @Test
    void isOpenApi31WithBearerSecurity() {
        assertThat(spec.getOpenapi(), is("3.1.0"));
        assertThat(spec.getComponents().getSecuritySchemes().get("bearerAuth").getScheme(), is("bearer"));
        assertThat(spec.getSecurity().getFirst(), hasKey("bearerAuth"));
    }

    @Test
    void hasEveryPublicEndpoint() {
        assertThat(spec.getPaths().keySet(), hasItems(
                "/chat/completions", "/embeddings", "/models", "/models/{model}",
                "/batches", "/batches/{batch_id}", "/batches/{batch_id}/cancel",
                "/files", "/files/{file_id}", "/files/{file_id}/content",
                "/usage", "/admin/keys", "/admin/keys/{key_id}"));
    }

    @Test
    void everyOperationIsNamedTaggedAndAnswered() {
        List<Operation> operations = operations();

        assertThat(operations.size() >= 19, is(true));
        for (Operation operation : operations) {
            assertThat(operation.getOperationId(), notNullValue());
            assertThat(operation.getOperationId(), operation.getTags(), notNullValue());
            assertThat(operation.getOperationId(), operation.getResponses().isEmpty(), is(false));
        }
        Set<String> ids = operations.stream().map(Operation::getOperationId).collect(Collectors.toSet());
        assertThat(ids.size(), is(operations.size()));
        assertThat(ids, hasItems("createChatCompletion", "createEmbedding", "listModels", "retrieveModel",
                                 "createBatch", "retrieveBatch", "listBatches", "cancelBatch"));
    }

    @Test
    void streamingChatAnswersServerSentEventsWithTheChunkSchema() {
        ApiResponse ok = spec.getPaths().get("/chat/completions").getPost().getResponses().get("200");

        assertThat(ok.getContent().keySet(), containsInAnyOrder("application/json", "text/event-stream"));
        assertThat(ok.getContent().get("text/event-stream").getSchema().get$ref(),
                   is("#/components/schemas/CreateChatCompletionStreamResponse"));
    }

    @Test
    void errorsHaveOpenAisFourKeys() {
        Schema<?> error = spec.getComponents().getSchemas().get("Error");

        assertThat(error.getRequired(), containsInAnyOrder("message", "type", "param", "code"));
    }

    @Test
    void sharedErrorResponsesExistAndRateLimitsSayWhenToRetry() {
        assertThat(spec.getComponents().getResponses().keySet(), hasItems(
                "BadRequest", "Unauthorized", "Forbidden", "NotFound", "PayloadTooLarge", "RateLimited",
                "InternalError", "ServiceUnavailable"));
        for (String code : List.of("400", "401", "403", "404", "413", "429", "500", "503")) {
            boolean referenced = operations().stream().anyMatch(op -> op.getResponses().containsKey(code));
            assertThat("some operation answers " + code, referenced, is(true));
        }
        ApiResponse rateLimited = resolve(spec.getPaths().get("/chat/completions").getPost().getResponses().get("429"));
        assertThat(rateLimited.getHeaders(), hasKey("Retry-After"));
        assertThat(rateLimited.getHeaders(), hasKey("x-ratelimit-remaining-requests"));
    }

    private static ApiResponse resolve(ApiResponse response) {
        String ref = response.get$ref();
        return ref == null ? response
                : spec.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static List<Operation> operations() {
        return spec.getPaths().values().stream()
                .map(PathItem::readOperations)
                .flatMap(List::stream)
                .toList();
    }
}
