package ai.novai.upstream;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POST to a provider, built by a translator (no I/O) and sent by {@link UpstreamClient}: where, which headers (a later value for a name replaces an earlier one), what body.
 */
public final class UpstreamRequest {

    private final URI uri;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private UpstreamRequest(URI uri, byte[] body) {
        this.uri = uri;
        this.body = body;
    }

    /** A POST of this body to this URI. */
    public static UpstreamRequest post(URI uri, byte[] body) {
        return new UpstreamRequest(uri, body);
    }

    /** Sets a header, replacing any value set before under the same name (names compare ignoring case). */
    public UpstreamRequest header(String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
        return this;
    }

    /** Where it goes. */
    public URI uri() {
        return uri;
    }

    /** The body, as sent. */
    public byte[] body() {
        return body;
    }

    /** The headers, in the order set. */
    public Map<String, String> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }
}
