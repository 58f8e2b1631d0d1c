package ai.novai.gateway.http;

import java.io.InputStream;

import io.helidon.webserver.http.ServerRequest;

/**
 * A request body's one stream (Helidon hands it out once), opened through here so that {@link UnreadBodies} can
 * drain what a handler left of it: a request refused half way through its body (a malformed form field before a
 * large file, a body cut at its cap) still gets its answer on a connection that stays usable.
 */
public final class BodyStream {

    private static final String CONTEXT_KEY = "novai.body-stream";

    private BodyStream() {
    }

    /** Opens the body's stream. */
    public static InputStream open(ServerRequest request) {
        InputStream stream = request.content().inputStream();
        request.context().register(CONTEXT_KEY, stream);
        return stream;
    }

    /** The stream a handler opened, or the body's own if none did: what is left of the body. */
    static InputStream remainder(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, InputStream.class)
                .orElseGet(() -> request.content().inputStream());
    }
}
