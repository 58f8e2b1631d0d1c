package ai.novai.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Validates JSON against the schemas of OpenAI's own published spec ({@code openapi/reference}), and of
 * NovAI's ({@code openapi/spec.yaml}): what NovAI answers on an endpoint OpenAI has must be a valid
 * OpenAI response.
 */
public final class OpenAiSchemas {

    /** OpenAI's published spec, kept in the repository. */
    public static final Path OPENAI_SPEC = Path.of("../../openapi/reference/openai-openapi.yaml").toAbsolutePath().normalize();
    /** NovAI's own contract. */
    public static final Path NOVAI_SPEC = Path.of("../../openapi/spec.yaml").toAbsolutePath().normalize();

    // The specs are served to the validator from memory under made-up IRIs: it never goes to the network.
    private static final String OPENAI_IRI = "https://schemas.novai.test/openai-openapi.json";
    private static final String NOVAI_IRI = "https://schemas.novai.test/novai-spec.json";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(OPENAI_IRI, withNullable(read(OPENAI_SPEC)).toString(),
                                              NOVAI_IRI, read(NOVAI_SPEC).toString())));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenAiSchemas() {
    }

    /** Fails the test unless the JSON validates against OpenAI's schema of this name. */
    public static void assertValidOpenAi(String schemaName, String json) {
        assertValid(OPENAI_IRI, schemaName, json);
    }

    /** Fails the test unless the JSON validates against NovAI's schema of this name. */
    public static void assertValidNovai(String schemaName, String json) {
        assertValid(NOVAI_IRI, schemaName, json);
    }

    private static void assertValid(String specIri, String schemaName, String json) {
        Schema schema = SCHEMAS.computeIfAbsent(specIri + "#" + schemaName, key -> REGISTRY.getSchema(
                SchemaLocation.of(specIri + "#/components/schemas/" + schemaName)));
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        if (!errors.isEmpty()) {
            fail("not a valid " + schemaName + " of " + specIri + ": " + errors + "\n" + json);
        }
    }

    // As JSON: the validator's own YAML reader is stricter than OpenAI's file (a block scalar of blank
    // lines at "stop"), Jackson's YAML reader is not.
    // OpenAI's 3.1 document still marks nullable fields the 3.0 way ("nullable: true"), which JSON Schema
    // ignores; its own streams send "finish_reason": null. Read it as OpenAI means it: null is allowed.
    private static JsonNode withNullable(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withNullable(array.get(i)));
            }
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        object.properties().forEach(field -> field.setValue(withNullable(field.getValue())));
        if (!object.path("nullable").asBoolean(false)) {
            return object;
        }
        object.remove("nullable");
        ObjectNode nullable = object.objectNode();
        nullable.putArray("anyOf").add(object).addObject().put("type", "null");
        return nullable;
    }

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
