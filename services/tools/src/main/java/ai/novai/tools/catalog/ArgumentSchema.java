package ai.novai.tools.catalog;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;

/**
 * A tool's input JSON Schema, compiled once, that arguments are checked against before the tool runs.
 * Schemas come from MCP servers, which are not trusted: references are never fetched from the network
 * (a schema's {@code $ref} to a URL would otherwise make the service send requests of a server's choosing).
 * A schema without {@code $schema} is read as draft 2020-12.
 */
public final class ArgumentSchema {

    /** How many problems a refusal names at most. */
    static final int MAX_PROBLEMS = 5;

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaLoader(
                    loader -> loader.fetchRemoteResources(false)));

    private final Schema schema;

    private ArgumentSchema(Schema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a schema.
     *
     * @param json the schema as JSON text
     * @throws IllegalArgumentException when it is not JSON or not a schema the validator can use
     */
    public static ArgumentSchema compile(String json) {
        try {
            Schema schema = REGISTRY.getSchema(json, InputFormat.JSON);
            schema.initializeValidators();
            return new ArgumentSchema(schema);
        } catch (SchemaException | JacksonException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /**
     * The ways a JSON document breaks the schema, at most {@value #MAX_PROBLEMS}, each as
     * {@code <location>: <message>}; empty when it is valid.
     *
     * @param json a JSON document (already known to parse)
     */
    public List<String> problems(String json) {
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().limit(MAX_PROBLEMS).map(Error::toString).toList();
    }
}
