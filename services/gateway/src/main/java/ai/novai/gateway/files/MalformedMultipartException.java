package ai.novai.gateway.files;

import java.io.IOException;

/**
 * A multipart body that does not follow RFC 7578 or runs past a {@link MultipartLimits} bound. An
 * {@link IOException}, so that a file store reading a part's content gives up and deletes what it wrote; the
 * message says what is wrong, for the client.
 */
public final class MalformedMultipartException extends IOException {

    public MalformedMultipartException(String message) {
        super(message);
    }
}
