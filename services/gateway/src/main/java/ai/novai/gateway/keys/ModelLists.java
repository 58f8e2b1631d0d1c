package ai.novai.gateway.keys;

import java.util.List;
import java.util.Optional;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A key's allowed models in the database: a JSON array of model ids, or NULL for every model.
 */
final class ModelLists {

    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };

    private ModelLists() {
    }

    static String toColumn(Optional<List<String>> models) {
        try {
            return models.isEmpty() ? null : Json.mapper().writeValueAsString(models.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<List<String>> fromColumn(Optional<String> column) {
        return column.map(json -> {
            try {
                return List.copyOf(Json.mapper().readValue(json, LIST));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("allowed_models is not a JSON array: " + json, e);
            }
        });
    }
}
