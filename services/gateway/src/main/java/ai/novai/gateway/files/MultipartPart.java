package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One part of a multipart/form-data body, its content read from the body as the stream is read.
 *
 * @param name        the form field ({@code Content-Disposition}'s {@code name})
 * @param filename    the file name as sent, for a file field
 * @param contentType the part's {@code Content-Type}, if it has one
 * @param content     the part's bytes, up to the next boundary; ends early when the reader moves to the next part
 */
public record MultipartPart(String name, Optional<String> filename, Optional<String> contentType,
                            InputStream content) {

    /**
     * The content as a text field: UTF-8, at most {@code maxBytes}.
     *
     * @throws MalformedMultipartException the value is longer or not UTF-8
     */
    public String text(int maxBytes) throws IOException {
        byte[] value = content.readNBytes(maxBytes + 1);
        if (value.length > maxBytes) {
            throw new MalformedMultipartException("The form field '" + name + "' is longer than " + maxBytes
                                                          + " bytes.");
        }
        return StrictUtf8.decode(value, 0, value.length).orElseThrow(() -> new MalformedMultipartException(
                "The form field '" + name + "' is not valid UTF-8."));
    }
}
