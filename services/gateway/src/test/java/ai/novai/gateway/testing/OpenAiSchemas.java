package ai.novai.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
            builder -> builder.schemas(Map.of(OPENAI_IRI, read(OPENAI_SPEC), NOVAI_IRI, read(NOVAI_SPEC))));
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
    private static String read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile()).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
