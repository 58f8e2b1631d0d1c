package ai.novai.tools.mcp;

import java.util.List;
import java.util.Map;

import ai.novai.tools.catalog.ArgumentSchema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The MCP client's check of a tool's structured output against its output schema, with the same validator
 * (and the same no-remote-references rule) as arguments, instead of the SDK's default one: schemas come from MCP
 * servers, which are not trusted, and one rule applies to all of them.
 */
final class SchemaValidator implements JsonSchemaValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        try {
            String content = JSON.writeValueAsString(structuredContent);
            List<String> problems = ArgumentSchema.compile(JSON.writeValueAsString(schema)).problems(content);
            return problems.isEmpty() ? ValidationResponse.asValid(content)
                    : ValidationResponse.asInvalid("structured content does not match the output schema: "
                                                           + String.join("; ", problems));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return ValidationResponse.asInvalid("the output schema or content cannot be checked: " + e.getMessage());
        }
    }
}
