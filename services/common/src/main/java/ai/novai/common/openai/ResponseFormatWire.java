package ai.novai.common.openai;

import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.JsonSchemaFormat;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.ResponseFormatType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.bool;
import static ai.novai.common.openai.WireFields.field;
import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.requiredString;
import static ai.novai.common.openai.WireFields.string;

/**
 * {@code response_format}: {@code text}, {@code json_object}, or {@code json_schema} with a named schema object.
 */
public final class ResponseFormatWire {

    private ResponseFormatWire() {
    }

    /** A client's {@code response_format}, onto the request. */
    public static void read(JsonNode body, ChatRequest.Builder request) {
        field(body, "response_format").ifPresent(format -> {
            if (!format.isObject()) {
                throw OpenAiWireException.invalidType("response_format", "an object");
            }
            String type = requiredString(format, "type", "response_format.type");
            ResponseFormat.Builder result = ResponseFormat.newBuilder();
            switch (type) {
                case "text" -> result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT);
                case "json_object" -> result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
                case "json_schema" -> result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(jsonSchema(required(format, "json_schema", "response_format.json_schema")));
                default -> throw OpenAiWireException.invalidValue("response_format.type",
                        "expected 'text', 'json_object' or 'json_schema', got '" + type + "'.");
            }
            request.setResponseFormat(result);
        });
    }

    private static JsonSchemaFormat jsonSchema(JsonNode jsonSchema) {
        if (!jsonSchema.isObject()) {
            throw OpenAiWireException.invalidType("response_format.json_schema", "an object");
        }
        String name = requiredString(jsonSchema, "name", "response_format.json_schema.name");
        if (!ToolsWire.FUNCTION_NAME.matcher(name).matches()) {
            throw OpenAiWireException.invalidValue("response_format.json_schema.name",
                                                   "names are 1 to 64 letters, digits, '_' or '-'.");
        }
        JsonSchemaFormat.Builder schema = JsonSchemaFormat.newBuilder().setName(name);
        string(jsonSchema, "description", "response_format.json_schema.description").ifPresent(schema::setDescription);
        field(jsonSchema, "schema").ifPresent(value -> {
            if (!value.isObject()) {
                throw OpenAiWireException.invalidType("response_format.json_schema.schema", "a JSON Schema object");
            }
            schema.setSchemaJson(value.toString());
        });
        bool(jsonSchema, "strict", "response_format.json_schema.strict").ifPresent(schema::setStrict);
        return schema.build();
    }

    /**
     * Writes the request's format for an upstream (nothing when none was asked: the upstream's default, text).
     *
     * @throws OpenAiWireException when the schema is not JSON
     */
    public static void write(ChatRequest request, ObjectNode body) {
        if (!request.hasResponseFormat()) {
            return;
        }
        ResponseFormat format = request.getResponseFormat();
        switch (format.getType()) {
            case RESPONSE_FORMAT_TYPE_TEXT -> body.putObject("response_format").put("type", "text");
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> {
                JsonSchemaFormat schema = format.getJsonSchema();
                ObjectNode json = body.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema");
                json.put("name", schema.getName());
                if (!schema.getDescription().isEmpty()) {
                    json.put("description", schema.getDescription());
                }
                if (!schema.getSchemaJson().isBlank()) {
                    json.set("schema", WireJson.embedded(schema.getSchemaJson(), "response_format.json_schema.schema"));
                }
                if (schema.hasStrict()) {
                    json.put("strict", schema.getStrict());
                }
            }
            case RESPONSE_FORMAT_TYPE_UNSPECIFIED, UNRECOGNIZED -> {
                // no format asked: the upstream's default (text) applies
            }
        }
    }
}
