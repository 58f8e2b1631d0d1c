package ai.novai.gateway.observability;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import ai.novai.common.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * A client span around one Redis call of the rate limiter (database semantic conventions:
 * {@code db.system.name} redis, {@code db.operation.name}, and which script ran), a child of the request's
 * span. While tracing is off the call runs bare.
 */
public final class RedisSpans {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> SCRIPT = AttributeKey.stringKey("novai.redis.script");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private RedisSpans() {
    }

    /**
     * Runs a Redis call in a span.
     *
     * @param operation the command, e.g. {@code EVALSHA}
     * @param script    the Lua script it runs, e.g. {@code admit.lua}
     * @param call      the call
     * @return what the call answered
     */
    public static <T> T around(String operation, String script, Supplier<T> call) {
        if (!Telemetry.tracing()) {
            return call.get();
        }
        Span span = start(operation, script);
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Starts a Redis call that is not waited for in a span, which ends when the call's answer arrives.
     *
     * @param operation the command, e.g. {@code EVALSHA}
     * @param script    the Lua script it runs, e.g. {@code settle.lua}
     * @param call      starts the call
     * @return the call's answer to come
     */
    public static <T> CompletionStage<T> aroundAsync(String operation, String script,
                                                     Supplier<CompletionStage<T>> call) {
        if (!Telemetry.tracing()) {
            return call.get();
        }
        Span span = start(operation, script);
        CompletionStage<T> answer;
        try (Scope ignored = span.makeCurrent()) {
            answer = call.get();
        } catch (RuntimeException e) {
            failed(span, e);
            span.end();
            throw e;
        }
        return answer.whenComplete((value, failure) -> {
            if (failure != null) {
                failed(span, failure);
            }
            span.end();
        });
    }

    private static Span start(String operation, String script) {
        return Telemetry.tracer().spanBuilder(operation + " " + script)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, "redis")
                .setAttribute(OPERATION, operation)
                .setAttribute(SCRIPT, script)
                .startSpan();
    }

    private static void failed(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, failure.getClass().getName());
    }
}
