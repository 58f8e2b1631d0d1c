package ai.novai.inference.providers.echo;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The smallest JSON value a JSON Schema accepts, built deterministically: required properties only,
 * the first enum value, strings filled with a given text. Enough for the echo model to answer
 * {@code json_schema} formats and to call tools with well-formed arguments.
 */
final class SchemaInstance {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DEPTH = 16;

    private SchemaInstance() {
    }

    static JsonNode of(JsonNode schema, String text) {
        return of(schema, text, 0);
    }

    private static JsonNode of(JsonNode schema, String text, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
            return MAPPER.getNodeFactory().textNode(text);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        for (String choice : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.has(choice) && schema.get(choice).size() > 0) {
                return of(schema.get(choice).get(0), text, depth + 1);
            }
        }
        JsonNode type = schema.path("type");
        String kind = type.isArray() && type.size() > 0 ? type.get(0).asText() : type.asText("object");
        return switch (kind) {
            case "string" -> MAPPER.getNodeFactory().textNode(text);
            case "integer", "number" -> MAPPER.getNodeFactory().numberNode(schema.path("minimum").asInt(0));
            case "boolean" -> MAPPER.getNodeFactory().booleanNode(false);
            case "null" -> MAPPER.getNodeFactory().nullNode();
            case "array" -> array(schema, text, depth);
            default -> object(schema, text, depth);
        };
    }

    private static ArrayNode array(JsonNode schema, String text, int depth) {
        ArrayNode array = MAPPER.createArrayNode();
        for (int i = 0; i < schema.path("minItems").asInt(0); i++) {
            array.add(of(schema.get("items"), text, depth + 1));
        }
        return array;
    }

    private static ObjectNode object(JsonNode schema, String text, int depth) {
        ObjectNode object = MAPPER.createObjectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            object.set(required.asText(), of(properties.get(required.asText()), text, depth + 1));
        }
        if (object.isEmpty() && !schema.has("required")) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), of(field.getValue(), text, depth + 1));
            }
        }
        return object;
    }

    static JsonNode parse(String json) {
        try {
            return json.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    static String write(JsonNode node) {
        return node.toString();
    }

    static String quote(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }
}
