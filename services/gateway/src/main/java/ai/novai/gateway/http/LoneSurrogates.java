package ai.novai.gateway.http;

import java.util.Iterator;
import java.util.Map;

import ai.novai.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refuses a JSON text whose strings hold an unpaired surrogate ({@code "\ud800"}): JSON's escapes can spell
 * one, but it is no character, has no UTF-8 form, and protobuf (which carries every string to the backends)
 * logs a warning with a stack trace for each before it sends {@code ?} instead.
 */
final class LoneSurrogates {

    private LoneSurrogates() {
    }

    /** Throws a 400 naming the first string (value or key) that holds an unpaired surrogate. */
    static void refuse(JsonNode node) {
        check(node, "");
    }

    private static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            if (hasLoneSurrogate(node.textValue())) {
                throw invalid(path.isEmpty() ? null : path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (hasLoneSurrogate(field.getKey())) {
                    throw invalid(path.isEmpty() ? null : path);
                }
                check(field.getValue(), fieldPath);
            }
        }
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static ApiException invalid(String path) {
        return ApiException.badRequest("The JSON body holds an unpaired UTF-16 surrogate escape (such as \\ud800)"
                                               + (path == null ? "" : " in '" + path + "'")
                                               + ": it is not a character and cannot be processed.", path,
                                       "invalid_json");
    }
}
