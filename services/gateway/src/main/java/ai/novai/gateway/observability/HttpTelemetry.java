package ai.novai.gateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.novai.common.telemetry.Telemetry;
import ai.novai.gateway.http.RequestIds;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Observes every HTTP exchange of the gateway, as the first filter of its routing:
 * <ul>
 *     <li>the {@code http.server.request.duration} histogram by {@code http.request.method},
 *     {@code http.route} (the route template, e.g. {@code /v1/models/{model}}, never the raw path) and
 *     {@code http.response.status_code};</li>
 *     <li>when tracing is on, the server span (HTTP semantic conventions), a child of the caller's
 *     {@code traceparent} when one came, current while the request is handled (so that the gRPC calls it
 *     makes and the log lines it writes carry its trace), with the request id as {@code novai.request.id}.</li>
 * </ul>
 * A request that fails is measured once its error response is sent; a stream once it ended.
 */
public final class HttpTelemetry implements HttpFeature {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("novai.request.id");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
                                                            "OPTIONS", "TRACE", "PATCH");
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
    private static final TextMapGetter<ServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequest request) {
            return request.headers().stream().map(header -> header.name()).toList();
        }

        @Override
        public String get(ServerRequest request, String name) {
            return request == null ? null : request.headers().first(HeaderNames.create(name)).orElse(null);
        }
    };

    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::observe);
    }

    private void observe(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Exchange exchange = new Exchange(request, response, System.nanoTime());
        try (Scope ignored = exchange.span.makeCurrent()) {
            chain.proceed();
        } catch (RuntimeException e) {
            // the error handlers answer after this filter: measure what they send
            exchange.span.setAttribute(ERROR_TYPE, e.getClass().getName());
            response.whenSent(exchange::end);
            throw e;
        }
        if (response.isSent()) {
            exchange.end();
        } else {
            response.whenSent(exchange::end);
        }
    }

    /** One request, from its first filter until its response was sent. */
    private final class Exchange {

        private final RoutingRequest request;
        private final RoutingResponse response;
        private final long start;
        private final Span span;
        private final AtomicBoolean ended = new AtomicBoolean();

        Exchange(RoutingRequest request, RoutingResponse response, long start) {
            this.request = request;
            this.response = response;
            this.start = start;
            this.span = Telemetry.tracing() ? startSpan(request) : Span.getInvalid();
        }

        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            String method = method(request);
            String route = route(request);
            int status = response.status().code();
            durations.computeIfAbsent(method + ' ' + route + ' ' + status, key -> timer(method, route, status))
                    .record(Duration.ofNanos(System.nanoTime() - start));
            if (span.getSpanContext().isValid()) {
                span.updateName(method + " " + route);
                span.setAttribute(ROUTE, route);
                span.setAttribute(STATUS, (long) status);
                span.setAttribute(REQUEST_ID, RequestIds.of(request));
                if (status >= 500) {
                    span.setAttribute(ERROR_TYPE, Integer.toString(status));
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        }
    }

    private static Span startSpan(RoutingRequest request) {
        Context parent = Telemetry.get().getPropagators().getTextMapPropagator()
                .extract(Context.root(), request, HEADERS);
        var span = Telemetry.tracer().spanBuilder(method(request))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method(request))
                .setAttribute(PATH, request.path().rawPath())
                .setAttribute(SCHEME, request.isSecure() ? "https" : "http")
                .setAttribute(SERVER_ADDRESS, request.requestedUri().host())
                .setAttribute(SERVER_PORT, (long) request.requestedUri().port());
        request.headers().first(HeaderNames.USER_AGENT).ifPresent(agent -> span.setAttribute(USER_AGENT, agent));
        return span.startSpan();
    }

    // The template of the route that matched; a service's root route is "/v1/chat/completions/" to Helidon
    private static String route(RoutingRequest request) {
        String pattern = request.matchingPattern().orElse("unmatched");
        return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    // The semantic conventions' bounded set: an unknown method is _OTHER
    private static String method(RoutingRequest request) {
        String method = request.prologue().method().text();
        return KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }

    private static Timer timer(String method, String route, int status) {
        return Metrics.globalRegistry().getOrCreate(
                Timer.builder("http.server.request.duration")
                        .description("Duration of HTTP requests served by the gateway")
                        .buckets(BUCKETS)
                        .tags(List.of(Tag.create("http.request.method", method), Tag.create("http.route", route),
                                      Tag.create("http.response.status_code", Integer.toString(status)))));
    }
}
