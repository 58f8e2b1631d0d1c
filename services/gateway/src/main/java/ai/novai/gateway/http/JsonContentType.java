package ai.novai.gateway.http;

import java.util.List;
import java.util.Locale;

import ai.novai.gateway.errors.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Which request bodies are JSON: those declared {@code application/json}, with no charset or UTF-8 (RFC 8259
 * allows nothing else on the wire), and those that declare no type at all.
 * <p>
 * Anything else is refused with 400 {@code unsupported_content_type} before the body is read, as OpenAI's API
 * refuses it. That includes {@code curl -d} without {@code -H 'Content-Type: application/json'}: curl then
 * declares a form, and a form whose only key happens to be a JSON text is not JSON — accepting it would make
 * the gateway answer a request that OpenAI refuses, and hide the client's mistake until it switches to OpenAI.
 * The message tells how to fix it. A body without any Content-Type (what {@code java.net.http} and
 * {@code requests.post(data=...)} send unless told) is not ambiguous and is read as JSON.
 */
final class JsonContentType {

    private JsonContentType() {
    }

    /** Refuses a request whose declared body type is not JSON in UTF-8. */
    static void require(Headers headers) {
        if (!headers.contains(HeaderNames.CONTENT_TYPE)) {
            return;
        }
        List<String> values = headers.get(HeaderNames.CONTENT_TYPE).allValues();
        if (values.size() != 1) {
            throw unsupported("The request declares " + values.size() + " Content-Type headers; send one: "
                                      + "'Content-Type: application/json'.");
        }
        String[] parts = values.getFirst().split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw unsupported("Unsupported Content-Type '" + HeaderText.printable(parts[0].strip())
                                      + "': the request body must be JSON sent with 'Content-Type: application/json' "
                                      + "(with curl: -H 'Content-Type: application/json').");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw unsupported("Unsupported charset '" + HeaderText.printable(charset)
                                              + "': JSON request bodies must be UTF-8.");
                }
            }
        }
    }

    private static ApiException unsupported(String message) {
        return ApiException.badRequest(message, null, "unsupported_content_type");
    }
}
