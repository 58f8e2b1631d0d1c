package ai.novai.gateway.files;

import java.util.List;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.HeaderText;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * The boundary of an upload body, from its {@code Content-Type: multipart/form-data; boundary=...}. A request
 * declaring another type (or none) is refused with 400 {@code unsupported_content_type} before its body is read,
 * as the JSON endpoints refuse bodies that are not JSON; a multipart type without a valid boundary (RFC 2046: 1
 * to 70 of its characters, not ending in a space) with 400 {@code invalid_multipart}.
 */
final class MultipartBoundary {

    private static final String HOW = "upload the file as multipart/form-data with the fields 'file' and 'purpose' "
            + "(with curl: -F purpose=batch -F file=@requests.jsonl).";
    private static final String BOUNDARY_CHARS = "'()+_,-./:=? ";

    private MultipartBoundary() {
    }

    /** The boundary the body's parts are separated by. */
    static String of(Headers headers) {
        if (!headers.contains(HeaderNames.CONTENT_TYPE)) {
            throw unsupported("The request has no Content-Type: " + HOW);
        }
        List<String> values = headers.get(HeaderNames.CONTENT_TYPE).allValues();
        if (values.size() != 1) {
            throw unsupported("The request declares " + values.size() + " Content-Type headers; send one: " + HOW);
        }
        HeaderParameters type = HeaderParameters.parse(values.getFirst()).orElseThrow(() -> unsupported(
                "The Content-Type '" + HeaderText.printable(values.getFirst()) + "' cannot be read: " + HOW));
        if (!type.value().equalsIgnoreCase("multipart/form-data")) {
            throw unsupported("Unsupported Content-Type '" + HeaderText.printable(type.value()) + "': " + HOW);
        }
        String boundary = type.parameter("boundary").orElseThrow(() -> invalid(
                "The Content-Type multipart/form-data has no boundary parameter."));
        if (boundary.isEmpty() || boundary.length() > MultipartLimits.MAX_BOUNDARY_LENGTH || boundary.endsWith(" ")
                || !boundary.chars().allMatch(MultipartBoundary::isBoundaryChar)) {
            throw invalid("The multipart boundary must be 1 to " + MultipartLimits.MAX_BOUNDARY_LENGTH
                                  + " letters, digits or '()+_,-./:=? characters, not ending in a space.");
        }
        return boundary;
    }

    private static boolean isBoundaryChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || BOUNDARY_CHARS.indexOf(c) >= 0;
    }

    private static ApiException unsupported(String message) {
        return ApiException.badRequest(message, null, "unsupported_content_type");
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest(message, null, "invalid_multipart");
    }
}
