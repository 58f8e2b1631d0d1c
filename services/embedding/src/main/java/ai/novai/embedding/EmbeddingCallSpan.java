package ai.novai.embedding;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import ai.novai.common.telemetry.GenAiMetrics;
import ai.novai.common.telemetry.Telemetry;
import ai.novai.embedding.providers.EmbeddingCall;
import ai.novai.embedding.providers.EmbeddingResult;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import static ai.novai.common.telemetry.GenAiAttributes.ERROR_TYPE;
import static ai.novai.common.telemetry.GenAiAttributes.INPUT_TOKENS;
import static ai.novai.common.telemetry.GenAiAttributes.MODEL_ID;
import static ai.novai.common.telemetry.GenAiAttributes.OPERATION;
import static ai.novai.common.telemetry.GenAiAttributes.PROVIDER;
import static ai.novai.common.telemetry.GenAiAttributes.REQUEST_MODEL;
import static ai.novai.common.telemetry.GenAiAttributes.SYSTEM;

/**
 * One embedding call to a deployment (the local model or an upstream), observed: a GenAI
 * {@code embeddings <model>} span current while it runs, so that an upstream request carries it as
 * {@code traceparent}, and the provider-call meters of {@link GenAiMetrics} (duration, errors, cost). Input
 * text is never recorded.
 */
final class EmbeddingCallSpan {

    private static final AttributeKey<Long> DIMENSIONS = AttributeKey.longKey("gen_ai.embeddings.dimension.count");
    private static final AttributeKey<Long> INPUTS = AttributeKey.longKey("novai.embedding.inputs");

    private EmbeddingCallSpan() {
    }

    /**
     * Runs an embedding call inside its span and records it when it returns or throws.
     *
     * @param call         the call
     * @param providerType the provider's type, e.g. {@code openai}, {@code local-onnx}
     * @param work         the call itself
     * @return what the call returned
     */
    static EmbeddingResult observe(EmbeddingCall call, String providerType, Supplier<EmbeddingResult> work) {
        long start = System.nanoTime();
        Span span = Telemetry.tracing() ? startSpan(call, providerType) : Span.getInvalid();
        Optional<String> errorType = Optional.empty();
        try (Scope ignored = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
            EmbeddingResult result = work.get();
            span.setAttribute(INPUT_TOKENS, (long) result.promptTokens());
            if (!result.vectors().isEmpty()) {
                span.setAttribute(DIMENSIONS, (long) result.vectors().getFirst().length);
            }
            GenAiMetrics.cost("embeddings", call.model().id(), call.deployment().provider(), call.model().price(),
                              result.promptTokens(), 0);
            return result;
        } catch (RuntimeException e) {
            errorType = Optional.of(Status.fromThrowable(e).getCode().name().toLowerCase(Locale.ROOT));
            span.setAttribute(ERROR_TYPE, errorType.get());
            span.setStatus(StatusCode.ERROR, errorType.get());
            throw e;
        } finally {
            GenAiMetrics.call("embeddings", call.model().id(), call.deployment().provider(), errorType,
                              Duration.ofNanos(System.nanoTime() - start));
            span.end();
        }
    }

    private static Span startSpan(EmbeddingCall call, String providerType) {
        return Telemetry.tracer().spanBuilder("embeddings " + call.deployment().upstreamModel())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "embeddings")
                .setAttribute(PROVIDER, providerType)
                .setAttribute(SYSTEM, providerType)
                .setAttribute(REQUEST_MODEL, call.deployment().upstreamModel())
                .setAttribute(MODEL_ID, call.model().id())
                .setAttribute(INPUTS, (long) call.inputs().size())
                .startSpan();
    }
}
