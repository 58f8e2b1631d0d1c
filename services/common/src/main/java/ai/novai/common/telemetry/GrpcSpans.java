package ai.novai.common.telemetry;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * The spans of gRPC calls, client and server alike, after the RPC semantic conventions: named by the full
 * method ({@code novai.inference.v1.InferenceService/StreamComplete}), with {@code rpc.system},
 * {@code rpc.service}, {@code rpc.method} and, once closed, {@code rpc.grpc.status_code}. A server span is
 * an error for the statuses that mean the server failed; a client span for any status but OK.
 */
final class GrpcSpans {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("rpc.grpc.status_code");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

    private GrpcSpans() {
    }

    static Span start(MethodDescriptor<?, ?> method, SpanKind kind, Context parent, String authority) {
        SpanBuilder span = Telemetry.tracer().spanBuilder(method.getFullMethodName())
                .setParent(parent)
                .setSpanKind(kind)
                .setAttribute(SYSTEM, "grpc")
                .setAttribute(SERVICE, method.getServiceName())
                .setAttribute(METHOD, method.getBareMethodName());
        if (authority != null) {
            int colon = authority.lastIndexOf(':');
            span.setAttribute(SERVER_ADDRESS, colon > 0 ? authority.substring(0, colon) : authority);
        }
        return span.startSpan();
    }

    static void end(Span span, Status status, SpanKind kind) {
        span.setAttribute(STATUS, (long) status.getCode().value());
        if (kind == SpanKind.CLIENT ? !status.isOk() : serverFault(status.getCode())) {
            span.setStatus(StatusCode.ERROR, status.getCode().name());
        }
        span.end();
    }

    // the conventions: a server span is an error for these codes only
    private static boolean serverFault(Status.Code code) {
        return switch (code) {
            case UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS -> true;
            default -> false;
        };
    }
}
