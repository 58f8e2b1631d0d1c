package ai.novai.gateway.models;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's {@code Model} object.
 *
 * @param id      model id
 * @param created unix seconds
 * @param ownedBy owning organisation
 */
public record OpenAiModel(String id, long created, @JsonProperty("owned_by") String ownedBy) {

    /** Always {@code model}. */
    @JsonProperty("object")
    public String object() {
        return "model";
    }

    /**
     * OpenAI's {@code ListModelsResponse}.
     *
     * @param data the models
     */
    public record Page(List<OpenAiModel> data) {

        /** Always {@code list}. */
        @JsonProperty("object")
        public String object() {
            return "list";
        }
    }
}
