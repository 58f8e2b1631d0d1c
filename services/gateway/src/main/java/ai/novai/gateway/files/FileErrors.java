package ai.novai.gateway.files;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import ai.novai.gateway.http.BodySizeLimit;
import io.helidon.http.Status;

/** The errors of the files API that more than one place answers. */
public final class FileErrors {

    private FileErrors() {
    }

    /** 413 {@code file_too_large}: an upload over the cap, declared or read. */
    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, new OpenAiError(
                "The file exceeds the " + BodySizeLimit.humanSize(maxBytes) + " limit of uploaded files.",
                "invalid_request_error", "file", "file_too_large"));
    }

    /** 404 {@code file_not_found}, naming the id when it is one (anything else is not echoed). */
    static ApiException notFound(String id) {
        return ApiException.notFound(FileIds.isWellFormed(id) ? "No such File object: " + id + "." : "No such File "
                + "object.", "file_id", "file_not_found");
    }
}
