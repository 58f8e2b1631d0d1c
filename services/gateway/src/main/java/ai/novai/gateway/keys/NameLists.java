package ai.novai.gateway.keys;

import java.util.List;
import java.util.Optional;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A key's allowed models or tools in the database: a JSON array of names, or NULL for every one.
 */
final class NameLists {

    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };

    private NameLists() {
    }

    static String toColumn(Optional<List<String>> names) {
        try {
            return names.isEmpty() ? null : Json.mapper().writeValueAsString(names.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<List<String>> fromColumn(Optional<String> column) {
        return column.map(json -> {
            try {
                return List.copyOf(Json.mapper().readValue(json, LIST));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an allowed-names column is not a JSON array: " + json, e);
            }
        });
    }
}
