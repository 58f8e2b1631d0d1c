package ai.novai.gateway.files;

import java.util.Optional;

import ai.novai.gateway.http.ApiNames;

/** What a file is for, as OpenAI's {@code purpose} names it. */
public enum FilePurpose {
    /** Uploaded batch input: one request per line. */
    BATCH("batch"),
    /** Output or error file written for a batch. */
    BATCH_OUTPUT("batch_output");

    private final String apiName;

    FilePurpose(String apiName) {
        this.apiName = apiName;
    }

    /** The name in the API and the database. */
    public String apiName() {
        return apiName;
    }

    /** The purpose of that name, if it is one. */
    public static Optional<FilePurpose> of(String apiName) {
        return ApiNames.find(values(), FilePurpose::apiName, apiName);
    }
}
