package ai.novai.gateway.chat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.novai.gateway.backends.BackendChannels;
import ai.novai.gateway.backends.GrpcToHttpErrors;
import ai.novai.gateway.billing.MeteredRequest;
import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Draining;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.observability.ChatStreamMetrics;
import ai.novai.gateway.observability.GatewayMetrics;
import ai.novai.proto.inference.v1.ChatCompletionChunk;
import ai.novai.proto.inference.v1.ChatRequest;
import ai.novai.proto.inference.v1.ChunkChoice;
import ai.novai.proto.inference.v1.FinishReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

/**
 * Relays {@code StreamComplete} to the client as OpenAI's server-sent events.
 * <ul>
 *     <li>A failure before the first chunk is a plain HTTP error: the response is committed only when
 *     the first chunk arrives, or when the first keep-alive is due.</li>
 *     <li>While the model is silent, SSE comments keep the connection (and proxies) alive; a failed write
 *     means the client went away, and the gRPC call is cancelled, which aborts the upstream request.</li>
 *     <li>A failure after the stream started is one {@code error} event, then {@code [DONE]}. A stream
 *     that ends without a finish reason never looks complete: it gets an error event too.</li>
 *     <li>The usage chunk is forwarded only when the client asked for it.</li>
 * </ul>
 */
final class ChatStreamRelay {

    private static final String DONE = "[DONE]";

    private final BackendChannels backends;
    private final Duration keepAlive;

    ChatStreamRelay(BackendChannels backends, Duration keepAlive) {
        this.backends = backends;
        this.keepAlive = keepAlive;
    }

    void relay(ChatRequest request, boolean includeUsage, Duration deadline, ServerResponse response,
               MeteredRequest metered) {
        StreamTally tally = new StreamTally(metered);
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicReference<ClientCallStreamObserver<ChatRequest>> call = new AtomicReference<>();
        backends.inferenceAsync()
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .streamComplete(request, new ClientResponseObserver<ChatRequest, ChatCompletionChunk>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ChatRequest> requestStream) {
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(ChatCompletionChunk chunk) {
                        events.add(chunk);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        events.add(failure);
                    }

                    @Override
                    public void onCompleted() {
                        events.add(DONE);
                    }
                });

        Object event = next(events, call.get());
        if (event instanceof Throwable failure) {
            throw apiError(failure);
        }
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.header(HeaderNames.create("X-Accel-Buffering"), "no");
        boolean finished = false;
        try (SseSink sink = response.sink(SseSink.TYPE);
             ChatStreamMetrics metrics = GatewayMetrics.get().chatStream(metered.tier(), metered.startNanos())) {
            while (true) {
                switch (event) {
                    case null -> sink.emit(SseEvent.builder().comment("keep-alive").build());
                    case ChatCompletionChunk chunk -> {
                        tally.add(chunk);
                        metrics.chunk(chunk);
                        finished |= chunk.getChoicesList().stream()
                                .anyMatch(choice -> choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED);
                        if (shouldForward(chunk, includeUsage)) {
                            sink.emit(data(ChatJson.chunk(chunk, includeUsage).toString()));
                        }
                    }
                    case Throwable failure -> {
                        if (tally.producedOutput()) {
                            tally.bill("interrupted");
                        }
                        sink.emit(data(Json.mapper().valueToTree(apiError(failure).error().asBody()).toString()));
                        sink.emit(data(DONE));
                        return;
                    }
                    default -> {
                        // the ledger row is committed before the last byte: a stream fully received is billed
                        if (finished) {
                            tally.bill("completed");
                        } else {
                            tally.bill("interrupted");
                            sink.emit(data(interrupted()));
                        }
                        sink.emit(data(DONE));
                        return;
                    }
                }
                event = next(events, call.get());
            }
        } catch (RuntimeException clientGone) {
            // the client closed the connection (or the write failed): stop the model, bill what it produced
            call.get().cancel("client disconnected", clientGone);
            tally.bill("cancelled");
        }
    }

    private Object next(BlockingQueue<Object> events, ClientCallStreamObserver<ChatRequest> call) {
        try {
            return events.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // the gateway is shutting down and the drain deadline passed: stop the model, end the stream
            call.cancel("gateway shutting down", e);
            return Draining.shuttingDown();
        }
    }

    // The last chunk carries only usage: the client sees it only when it asked for it.
    private static boolean shouldForward(ChatCompletionChunk chunk, boolean includeUsage) {
        if (chunk.getChoicesCount() == 0) {
            return includeUsage && chunk.hasUsage();
        }
        return chunk.getChoicesList().stream().anyMatch(ChatStreamRelay::carriesSomething);
    }

    private static boolean carriesSomething(ChunkChoice choice) {
        return choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED
                || choice.getDelta().hasRole() || choice.getDelta().hasContent() || choice.getDelta().hasRefusal()
                || choice.getDelta().getToolCallsCount() > 0;
    }

    private static ApiException apiError(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        StatusRuntimeException status = failure instanceof StatusRuntimeException grpc
                ? grpc : Status.fromThrowable(failure).asRuntimeException();
        return GrpcToHttpErrors.toApiException("inference", status);
    }

    private static String interrupted() {
        return Json.mapper().valueToTree(new ai.novai.gateway.errors.OpenAiError(
                "The model's stream ended before it was complete.", "server_error", null, "stream_interrupted")
                                                 .asBody()).toString();
    }

    private static SseEvent data(String data) {
        // "data: " with a space, exactly as OpenAI frames its events (SSE readers drop one leading space)
        return SseEvent.builder().data(" " + data).build();
    }
}
