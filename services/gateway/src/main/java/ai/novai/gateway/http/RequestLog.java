package ai.novai.gateway.http;

import java.io.PrintStream;
import java.util.Optional;

import ai.novai.common.telemetry.LogText;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.RequestOutcome;
import ai.novai.gateway.mcp.McpEndpoint;
import ai.novai.gateway.tools.ToolLog;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.keys.AdminAuth;
import ai.novai.gateway.keys.ApiKey;
import ai.novai.gateway.keys.Authenticated;
import io.grpc.StatusRuntimeException;
import io.helidon.http.HttpException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * One structured line per API request (logfmt, on standard output, named {@code ai.novai.gateway.requests}
 * like a logger; its JUL level switches it: {@code ai.novai.gateway.requests.level=WARNING} turns it off):
 * {@code request_id method path status latency_ms key model prompt_tokens completion_tokens cost_usd
 * trace_id span_id}. The key appears as its display prefix only; no secret (client key, admin token,
 * provider key) and no prompt or completion text is ever logged. Every value a client chose (the path as sent,
 * percent-encoded; the method, request id and model) is a logfmt value ({@link LogText#value}): quoted and
 * escaped, it cannot end the line and forge another. Streams are logged when they end. Lines
 * are written off the request path ({@link RequestLogWriter}).
 */
public final class RequestLog implements HttpFeature, AutoCloseable {

    private static final String NAME = "ai.novai.gateway.requests";
    private static final System.Logger LOGGER = System.getLogger(NAME);

    private final RequestLogWriter writer;

    public RequestLog() {
        this(System.out);
    }

    RequestLog(PrintStream out) {
        this.writer = new RequestLogWriter(NAME, out);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::log);
    }

    private void log(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String logged = request.path().path();
        if (!(logged.startsWith("/v1/") || logged.equals(McpEndpoint.PATH)) || !LOGGER.isLoggable(System.Logger.Level.INFO)) {
            chain.proceed();
            return;
        }
        long start = System.nanoTime();
        // as sent (percent-encoded): a decoded path could hold a line break or bytes that are not UTF-8
        String path = request.path().rawPath();
        int status = 0;
        try {
            chain.proceed();
        } catch (RuntimeException | Error e) {
            // answered by the error handlers after this filter
            status = statusOf(e);
            throw e;
        } finally {
            StringBuilder line = new StringBuilder(256)
                    .append("request_id=").append(LogText.value(RequestIds.of(request)))
                    .append(" method=").append(LogText.value(request.prologue().method().text()))
                    .append(" path=").append(LogText.value(path))
                    .append(" status=").append(status != 0 ? status : response.status().code())
                    .append(" latency_ms=").append(tenthsOfMillis(System.nanoTime() - start))
                    .append(" key=").append(LogText.value(Authenticated.keyIfPresent(request).map(ApiKey::keyPrefix)
                                                    .orElse(Authenticated.isAdmin(request)
                                                                    || path.startsWith(AdminAuth.PATH_PREFIX)
                                                                    ? "admin" : "-")));
            Optional<RequestOutcome> outcome = RequestOutcome.of(request);
            outcome.ifPresent(used -> line.append(" model=").append(LogText.value(used.model()))
                    .append(" prompt_tokens=").append(used.promptTokens())
                    .append(" completion_tokens=").append(used.completionTokens())
                    .append(" cost_usd=").append(used.costUsd().stripTrailingZeros().toPlainString()));
            ToolLog.of(request).ifPresent(tools -> line.append(" tools=").append(LogText.value(tools)));
            writer.write(line.toString());
        }
    }

    @Override
    public void close() {
        writer.close();
    }

    // 12.3, without String.format's cost on every request
    private static String tenthsOfMillis(long nanos) {
        long tenths = nanos / 100_000;
        return tenths / 10 + "." + tenths % 10;
    }

    private static int statusOf(Throwable failure) {
        return switch (failure) {
            case ApiException api -> api.status().code();
            case HttpException http -> http.status().code();
            case StatusRuntimeException grpc -> GrpcToHttpErrors.toApiException("backend", grpc).status().code();
            // the client left: while a handler wrote, or while the server ended the response after it
            case ClientGone gone -> ClientGone.CLIENT_CLOSED_REQUEST.code();
            case ServerConnectionException gone -> ClientGone.CLIENT_CLOSED_REQUEST.code();
            default -> 500;
        };
    }
}
