package ai.novai.gateway.http;

import java.time.Duration;
import java.util.Optional;

import ai.novai.common.server.Drain;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.errors.OpenAiError;
import io.helidon.health.HealthCheckResponse;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The gateway's side of a graceful shutdown. Every API request is counted in the {@link Drain} while it
 * runs (an SSE stream until its last event); once the drain began, readiness reports DOWN (503 at
 * {@code /observe/health/ready}) and new requests are refused with a 503 OpenAI error
 * ({@code shutting_down}, {@code Retry-After}, {@code Connection: close}). A request still running at
 * the drain deadline has its thread interrupted: a chat stream then ends with an error event and
 * {@code [DONE]} (see {@link #shuttingDown()}). {@code /observe/*} stays served for probes and scrapes.
 */
public final class Draining implements HttpFeature {

    private static final String OBSERVE = "/observe";

    private final Drain drain;

    /**
     * @param drain the gateway's drain
     */
    public Draining(Drain drain) {
        this.drain = drain;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::admit);
    }

    private void admit(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (request.path().path().startsWith(OBSERVE)) {
            chain.proceed();
            return;
        }
        Thread thread = Thread.currentThread();
        Drain.Entry entry = drain.enter(thread::interrupt);
        if (entry == null) {
            response.header(HeaderValues.CONNECTION_CLOSE);
            throw shuttingDown();
        }
        try {
            chain.proceed();
        } finally {
            entry.close();
        }
    }

    /** The readiness check: DOWN once draining. */
    public HealthCheckResponse readiness() {
        return HealthCheckResponse.builder()
                .status(!drain.isDraining())
                .detail("inFlight", drain.inFlight())
                .build();
    }

    /** The answer to a request refused, or a stream ended, because the gateway is shutting down. */
    public static ApiException shuttingDown() {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, new OpenAiError(
                "The server is shutting down; retry the request.", "server_error", null, "shutting_down"),
                                Optional.of(Duration.ofSeconds(1)));
    }
}
