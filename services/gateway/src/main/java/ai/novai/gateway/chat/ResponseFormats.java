package ai.novai.gateway.chat;

import ai.novai.gateway.errors.ApiException;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.JsonSchemaFormat;
import ai.novai.proto.inference.v1.ResponseFormat;
import ai.novai.proto.inference.v1.ResponseFormatType;
import com.fasterxml.jackson.databind.JsonNode;

import static ai.novai.gateway.http.JsonFields.bool;
import static ai.novai.gateway.http.JsonFields.field;
import static ai.novai.gateway.http.JsonFields.invalidType;
import static ai.novai.gateway.http.JsonFields.invalidValue;
import static ai.novai.gateway.http.JsonFields.required;
import static ai.novai.gateway.http.JsonFields.string;

/**
 * Reads {@code response_format}: {@code text}, {@code json_object}, or {@code json_schema} with a named
 * schema object.
 */
final class ResponseFormats {

    private ResponseFormats() {
    }

    static void read(JsonNode body, ChatRequest.Builder request) {
        field(body, "response_format").ifPresent(format -> {
            if (!format.isObject()) {
                throw invalidType("response_format", "an object");
            }
            String type = string(format, "type", "response_format.type").orElseThrow(
                    () -> ApiException.badRequest("Missing required parameter: 'response_format.type'.",
                                                  "response_format.type", "missing_required_parameter"));
            ResponseFormat.Builder result = ResponseFormat.newBuilder();
            switch (type) {
                case "text" -> result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT);
                case "json_object" -> result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
                case "json_schema" -> {
                    JsonNode jsonSchema = required(format, "json_schema", "response_format.json_schema");
                    String name = string(jsonSchema, "name", "response_format.json_schema.name").orElseThrow(
                            () -> ApiException.badRequest("Missing required parameter: 'response_format.json_schema.name'.",
                                                          "response_format.json_schema.name",
                                                          "missing_required_parameter"));
                    if (!ChatTools.FUNCTION_NAME.matcher(name).matches()) {
                        throw invalidValue("response_format.json_schema.name",
                                           "names are 1 to 64 letters, digits, '_' or '-'.");
                    }
                    JsonSchemaFormat.Builder schema = JsonSchemaFormat.newBuilder().setName(name);
                    string(jsonSchema, "description", "response_format.json_schema.description")
                            .ifPresent(schema::setDescription);
                    field(jsonSchema, "schema").ifPresent(value -> {
                        if (!value.isObject()) {
                            throw invalidType("response_format.json_schema.schema", "a JSON Schema object");
                        }
                        schema.setSchemaJson(value.toString());
                    });
                    bool(jsonSchema, "strict", "response_format.json_schema.strict").ifPresent(schema::setStrict);
                    result.setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA).setJsonSchema(schema);
                }
                default -> throw invalidValue("response_format.type",
                                              "expected 'text', 'json_object' or 'json_schema', got '" + type + "'.");
            }
            request.setResponseFormat(result);
        });
    }
}
