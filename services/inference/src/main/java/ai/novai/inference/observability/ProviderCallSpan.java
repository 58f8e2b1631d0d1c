package ai.novai.inference.observability;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import ai.novai.common.telemetry.GenAiMetrics;
import ai.novai.common.telemetry.Telemetry;
import ai.novai.upstream.UpstreamCancelled;
import ai.novai.inference.providers.ChunkSink;
import ai.novai.inference.providers.ProviderCall;
import ai.novai.upstream.UpstreamFailure;
import ai.novai.upstream.UpstreamRejection;
import ai.novai.proto.inference.v1.ChatCompletion;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatMessage;
import ai.novai.proto.inference.v1.Choice;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.FinishReason;
import ai.novai.proto.inference.v1.Usage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import static ai.novai.common.telemetry.GenAiAttributes.ERROR_TYPE;
import static ai.novai.common.telemetry.GenAiAttributes.INPUT_TOKENS;
import static ai.novai.common.telemetry.GenAiAttributes.MODEL_ID;
import static ai.novai.common.telemetry.GenAiAttributes.OPERATION;
import static ai.novai.common.telemetry.GenAiAttributes.OUTPUT_TOKENS;
import static ai.novai.common.telemetry.GenAiAttributes.PROVIDER;
import static ai.novai.common.telemetry.GenAiAttributes.REQUEST_MODEL;
import static ai.novai.common.telemetry.GenAiAttributes.SYSTEM;

/**
 * One call to a provider, observed: a GenAI client span ({@code chat <upstream model>}, OpenTelemetry GenAI
 * semantic conventions) current while the call runs, so that the upstream request carries it as
 * {@code traceparent}, and the provider-call meters of {@link GenAiMetrics} (duration, errors by type,
 * cost). The span has the request's parameters, and once the call ended the response's model, finish
 * reasons and token usage. Prompt and completion text are recorded ({@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}) only when {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}
 * (or the system property {@code otel.instrumentation.genai.capture-message-content}) is {@code true}.
 */
public final class ProviderCallSpan {

    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("novai.deployment");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("novai.stream");
    static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("novai.cancelled");

    private static final boolean CAPTURE_CONTENT = captureContent();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderCall call;
    private final Span span;
    private final DeploymentCalls calls;
    private final long start = System.nanoTime();
    private long firstChunk;
    private boolean providerFailed;
    private final Set<String> finishReasons = new LinkedHashSet<>();
    private final StringBuilder output = new StringBuilder();
    private Optional<Usage> usage = Optional.empty();
    private Optional<String> errorType = Optional.empty();
    private boolean cancelled;
    private boolean sawResponse;

    private ProviderCallSpan(ProviderCall call, Span span, DeploymentCalls calls) {
        this.call = call;
        this.span = span;
        this.calls = calls;
    }

    /**
     * Runs one provider call inside its span, and records it when it returns or throws.
     *
     * @param call   the call
     * @param stream whether it streams
     * @param calls  the deployments' recent calls, told how this one ended
     * @param work   the call itself, given this observation to report its response to
     * @return what the call returned
     */
    public static <T> T observe(ProviderCall call, boolean stream, DeploymentCalls calls,
                                Function<ProviderCallSpan, T> work) {
        ProviderCallSpan observed = new ProviderCallSpan(call, Telemetry.tracing() ? startSpan(call, stream)
                : Span.getInvalid(), calls);
        try (Scope ignored = observed.span.getSpanContext().isValid() ? observed.span.makeCurrent() : Scope.noop()) {
            return work.apply(observed);
        } catch (UpstreamCancelled e) {
            observed.cancelled();
            throw e;
        } catch (RuntimeException e) {
            observed.failed(e);
            throw e;
        } finally {
            observed.end();
        }
    }

    /** Takes note of a whole completion, and returns it. */
    public ChatCompletion completion(ChatCompletion completion) {
        span.setAttribute(RESPONSE_MODEL, completion.getModel());
        span.setAttribute(RESPONSE_ID, completion.getId());
        for (Choice choice : completion.getChoicesList()) {
            finished(choice.getFinishReason());
            if (CAPTURE_CONTENT) {
                choice.getMessage().getContentList().forEach(part -> output.append(part.getText()));
            }
        }
        if (completion.hasUsage()) {
            usage = Optional.of(completion.getUsage());
        }
        return completion;
    }

    /** A sink that takes note of the chunks it passes on. */
    public ChunkSink observing(ChunkSink sink) {
        return chunk -> {
            chunk(chunk);
            sink.accept(chunk);
        };
    }

    private void chunk(ChatCompletionChunk chunk) {
        if (firstChunk == 0) {
            firstChunk = System.nanoTime();
        }
        if (chunk.hasUsage()) {
            usage = Optional.of(chunk.getUsage());
        }
        for (ChunkChoice choice : chunk.getChoicesList()) {
            finished(choice.getFinishReason());
            if (CAPTURE_CONTENT) {
                output.append(choice.getDelta().getContent());
            }
        }
        // every chunk repeats them: set once
        if (!sawResponse && !chunk.getModel().isEmpty() && span.getSpanContext().isValid()) {
            sawResponse = true;
            span.setAttribute(RESPONSE_MODEL, chunk.getModel());
            span.setAttribute(RESPONSE_ID, chunk.getId());
        }
    }

    private void finished(FinishReason reason) {
        if (reason != FinishReason.FINISH_REASON_UNSPECIFIED) {
            finishReasons.add(reason.name().substring("FINISH_REASON_".length()).toLowerCase(Locale.ROOT));
        }
    }

    private void failed(RuntimeException failure) {
        String type = switch (failure) {
            case UpstreamFailure providerFailure -> providerFailure.kind().name().toLowerCase(Locale.ROOT);
            case UpstreamRejection ignored -> "rejected";
            case CircuitBreakerOpenException ignored -> "circuit_open";
            default -> failure.getClass().getName();
        };
        errorType = Optional.of(type);
        // a request the provider refused is the request's fault, not the deployment's
        providerFailed = !(failure instanceof UpstreamRejection);
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? type : failure.getMessage());
    }

    // The caller left: not the provider's failure, so no error type and no duration sample.
    private void cancelled() {
        cancelled = true;
        span.setAttribute(CANCELLED, true);
    }

    private void end() {
        if (cancelled) {
            span.end();
            return;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        GenAiMetrics.call("chat", call.model().id(), call.provider().name(), errorType, duration);
        calls.record(call.deployment().name(), duration,
                     firstChunk == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstChunk - start)),
                     providerFailed);
        usage.filter(ignored -> errorType.isEmpty()).ifPresent(used -> GenAiMetrics.cost(
                "chat", call.model().id(), call.provider().name(), call.model().price(), used.getPromptTokens(),
                used.getCompletionTokens()));
        if (!span.getSpanContext().isValid()) {
            return;
        }
        usage.ifPresent(used -> {
            span.setAttribute(INPUT_TOKENS, (long) used.getPromptTokens());
            span.setAttribute(OUTPUT_TOKENS, (long) used.getCompletionTokens());
        });
        if (!finishReasons.isEmpty()) {
            span.setAttribute(FINISH_REASONS, List.copyOf(finishReasons));
        }
        if (CAPTURE_CONTENT && errorType.isEmpty()) {
            span.setAttribute(OUTPUT_MESSAGES, outputMessages());
        }
        span.end();
    }

    private static Span startSpan(ProviderCall call, boolean stream) {
        String upstreamModel = call.deployment().upstreamModel();
        SpanBuilder span = Telemetry.tracer().spanBuilder("chat " + upstreamModel)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, call.provider().type().configName())
                .setAttribute(SYSTEM, call.provider().type().configName())
                .setAttribute(REQUEST_MODEL, upstreamModel)
                .setAttribute(MODEL_ID, call.model().id())
                .setAttribute(DEPLOYMENT, call.deployment().name())
                .setAttribute(STREAM, stream);
        var request = call.request();
        if (request.hasMaxTokens()) {
            span.setAttribute(MAX_TOKENS, (long) request.getMaxTokens());
        }
        if (request.hasTemperature()) {
            span.setAttribute(TEMPERATURE, request.getTemperature());
        }
        if (request.hasTopP()) {
            span.setAttribute(TOP_P, request.getTopP());
        }
        if (CAPTURE_CONTENT) {
            span.setAttribute(INPUT_MESSAGES, inputMessages(request.getMessagesList()));
        }
        return span.startSpan();
    }

    // [{"role":"user","parts":[{"type":"text","content":"..."}]}], the conventions' shape, text parts only
    private static String inputMessages(List<ChatMessage> messages) {
        ArrayNode all = JSON.createArrayNode();
        for (ChatMessage message : messages) {
            ObjectNode node = all.addObject()
                    .put("role", message.getRole().name().substring("ROLE_".length()).toLowerCase(Locale.ROOT));
            ArrayNode parts = node.putArray("parts");
            for (ContentPart part : message.getContentList()) {
                if (part.hasText()) {
                    parts.addObject().put("type", "text").put("content", part.getText());
                }
            }
        }
        return all.toString();
    }

    private String outputMessages() {
        ArrayNode all = JSON.createArrayNode();
        ObjectNode message = all.addObject().put("role", "assistant");
        message.putArray("parts").addObject().put("type", "text").put("content", output.toString());
        finishReasons.stream().findFirst().ifPresent(reason -> message.put("finish_reason", reason));
        return all.toString();
    }

    private static boolean captureContent() {
        String value = System.getenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT");
        if (value == null) {
            value = System.getProperty("otel.instrumentation.genai.capture-message-content");
        }
        return Boolean.parseBoolean(value == null ? null : value.strip());
    }
}
