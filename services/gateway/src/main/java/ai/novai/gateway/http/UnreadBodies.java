package ai.novai.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * A body nobody read (a request refused before its body mattered: 401, 404, 429...), or the rest of one a
 * handler stopped reading ({@link BodyStream}), is read and dropped before the answer goes out, under the same
 * slow-sender limits as any body ({@link ConnectionGuard}), so the client sees its answer and keeps its
 * connection. Left to Helidon, it would be consumed after the answer at whatever pace the client sends it,
 * holding the connection. A body that cannot be read that way (cut, or over the size cap) closes the connection
 * instead.
 */
public final class UnreadBodies implements HttpFeature {

    private final long maxBytes;

    public UnreadBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::drainBeforeAnswering);
    }

    private void drainBeforeAnswering(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        response.beforeSend(() -> {
            if (!request.content().hasEntity() || request.content().consumed()) {
                return;
            }
            if (!drained(request)) {
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
        });
        chain.proceed();
    }

    private boolean drained(RoutingRequest request) {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (ConnectionGuard.BodyRead read = ConnectionGuard.bodyRead();
             InputStream in = BodyStream.remainder(request)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.read(n);
                total += n;
                if (total > maxBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            return false;
        }
    }
}
